package org.urja.ledger.journal;

import java.time.Instant;
import java.util.Set;

/**
 * How one account's balance moved within one transaction: what alerts and relay decisions look at.
 *
 * @param negativeSince when the balance last went below zero (null while it is zero or more)
 */
public record BalanceChange(
    String accountId,
    long beforePaise,
    long afterPaise,
    long lastRechargePaise,
    Instant negativeSince,
    Set<EntryKind> kinds,
    Instant lastOccurredAt) {

  public boolean recharged() {
    return kinds.contains(EntryKind.RECHARGE);
  }
}
