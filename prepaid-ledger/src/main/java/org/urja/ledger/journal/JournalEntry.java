package org.urja.ledger.journal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.money.Money;

/**
 * One balance movement to append to the journal: what {@link JournalBatch#add} takes, instead of
 * eight positional arguments where an account id, a meter serial and a reference were all strings.
 *
 * @param amount signed: debits negative, credits positive
 * @param idempotencyKey unique in the journal; an entry whose key is already there is dropped
 * @param meter the meter whose reading caused it (charges only), or null
 * @param reference the outside reference (gateway reference, ticket), or null
 * @param details written as the entry's JSON {@code details} (charge lines, tariff), or null
 */
public record JournalEntry(
    AccountId account,
    EntryKind kind,
    Money amount,
    String idempotencyKey,
    Instant occurredAt,
    MeterSerial meter,
    String reference,
    Object details) {

  public JournalEntry {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    // to the microsecond PostgreSQL keeps, so the entry written and the entry read back agree
    occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
  }

  /** An entry without meter, reference or details; add them with the {@code with…} methods. */
  public static JournalEntry of(
      AccountId account, EntryKind kind, Money amount, String idempotencyKey, Instant occurredAt) {
    return new JournalEntry(account, kind, amount, idempotencyKey, occurredAt, null, null, null);
  }

  public static JournalEntry of(
      String accountId,
      EntryKind kind,
      long amountPaise,
      String idempotencyKey,
      Instant occurredAt) {
    return of(
        AccountId.of(accountId), kind, Money.ofPaise(amountPaise), idempotencyKey, occurredAt);
  }

  public JournalEntry withMeter(MeterSerial m) {
    return new JournalEntry(
        account, kind, amount, idempotencyKey, occurredAt, m, reference, details);
  }

  public JournalEntry withReference(String r) {
    return new JournalEntry(account, kind, amount, idempotencyKey, occurredAt, meter, r, details);
  }

  public JournalEntry withDetails(Object d) {
    return new JournalEntry(account, kind, amount, idempotencyKey, occurredAt, meter, reference, d);
  }
}
