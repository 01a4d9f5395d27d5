package org.urja.ledger.journal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.urja.ledger.db.Transactions;

/**
 * An operator's correction (ADJUSTMENT, signed) or a grant of EMERGENCY_CREDIT, journalled like any
 * other balance change. The caller supplies the idempotency key (a ticket number, say), so a
 * retried request posts once.
 */
public final class ManualAdjustment {

  private static final Set<EntryKind> ALLOWED =
      EnumSet.of(EntryKind.ADJUSTMENT, EntryKind.EMERGENCY_CREDIT);

  private final Transactions tx;
  private final BalanceListener listener;

  public ManualAdjustment(Transactions tx, BalanceListener listener) {
    this.tx = tx;
    this.listener = listener;
  }

  /** Returns true when posted now, false when the key had already been posted. */
  public boolean post(
      String accountId,
      EntryKind kind,
      long amountPaise,
      String idempotencyKey,
      String reason,
      String operator,
      Instant at) {
    if (!ALLOWED.contains(kind)) {
      throw new IllegalArgumentException(kind + " is not a manual entry");
    }
    if (kind == EntryKind.EMERGENCY_CREDIT && amountPaise <= 0) {
      throw new IllegalArgumentException("emergency credit must be positive");
    }
    return tx.inTransaction(
        c -> {
          JournalBatch journal = JournalBatch.lock(c, List.of(accountId));
          journal.add(
              JournalEntry.of(accountId, kind, amountPaise, "manual:" + idempotencyKey, at)
                  .withReference(idempotencyKey)
                  .withDetails(Map.of("reason", reason, "operator", operator)));
          boolean posted = !journal.flush().isEmpty();
          listener.onBalanceChanges(c, journal.changes());
          return posted;
        });
  }
}
