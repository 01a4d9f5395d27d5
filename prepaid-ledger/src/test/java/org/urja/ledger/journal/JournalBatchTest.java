package org.urja.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.support.LedgerFixture;

/** The batch writer of the journal: duplicates dropped, balances after counting only what stays. */
class JournalBatchTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

  private static JournalEntry entry(String account, long paise, String key, int minute) {
    return JournalEntry.of(account, EntryKind.ADJUSTMENT, paise, key, AT.plusSeconds(60L * minute));
  }

  @Test
  void aBatchHoldingAKeyAlreadyInTheJournalWritesOnlyTheOthersAndTheirBalancesCountOnlyThem() {
    ledger.open("JB1", "JBM1", PaymentMode.PREPAID);
    ledger.open("JB2", "JBM2", PaymentMode.PREPAID);
    ledger.tx.inTransaction(
        c -> {
          JournalBatch first = JournalBatch.lock(c, List.of("JB1"));
          first.add(entry("JB1", 1_000, "jb:1", 0));
          return first.flush();
        });

    List<PostedEntry> posted =
        ledger.tx.inTransaction(
            c -> {
              JournalBatch batch = JournalBatch.lock(c, List.of("JB1", "JB2"));
              batch.add(entry("JB1", -100, "jb:2", 1));
              batch.add(entry("JB1", 5_000, "jb:1", 2)); // already written: dropped
              batch.add(entry("JB2", 700, "jb:3", 1));
              batch.add(entry("JB1", -200, "jb:4", 3));
              batch.add(entry("JB1", -200, "jb:4", 3)); // twice in one batch: once
              List<PostedEntry> out = batch.flush();
              assertThat(batch.changes())
                  .extracting(BalanceChange::accountId, BalanceChange::afterPaise)
                  .containsExactly(tuple("JB1", 700L), tuple("JB2", 700L));
              return out;
            });

    assertThat(posted)
        .extracting(PostedEntry::idempotencyKey, PostedEntry::balanceAfterPaise)
        .containsExactly(tuple("jb:2", 900L), tuple("jb:3", 700L), tuple("jb:4", 700L));
    assertThat(ledger.queries.entries("JB1"))
        .extracting(PostedEntry::idempotencyKey, PostedEntry::balanceAfterPaise)
        .containsExactly(tuple("jb:1", 1_000L), tuple("jb:2", 900L), tuple("jb:4", 700L));
    assertThat(ledger.balance("JB1")).isEqualTo(ledger.queries.journalSumPaise("JB1"));
    assertThat(ledger.balance("JB2")).isEqualTo(700L);
  }

  @Test
  void aBatchWhoseKeysAreAllInTheJournalWritesNothingAndMovesNoBalance() {
    ledger.open("JB3", "JBM3", PaymentMode.PREPAID);
    ledger.tx.inTransaction(
        c -> {
          JournalBatch first = JournalBatch.lock(c, List.of("JB3"));
          first.add(entry("JB3", 2_000, "jb3:1", 0));
          return first.flush();
        });

    List<PostedEntry> again =
        ledger.tx.inTransaction(
            c -> {
              JournalBatch batch = JournalBatch.lock(c, List.of("JB3"));
              batch.add(entry("JB3", 2_000, "jb3:1", 0));
              List<PostedEntry> out = batch.flush();
              assertThat(batch.changes()).isEmpty();
              return out;
            });

    assertThat(again).isEmpty();
    assertThat(ledger.balance("JB3")).isEqualTo(2_000L);
    assertThat(ledger.queries.entries("JB3")).hasSize(1);
  }
}
