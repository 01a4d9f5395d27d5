package org.urja.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.support.LedgerFixture;

class ManualAdjustmentTest {

  private final LedgerFixture ledger = new LedgerFixture();
  private final ManualAdjustment adjustments =
      new ManualAdjustment(ledger.tx, BalanceListener.NONE);
  private final Instant now = Instant.parse("2026-11-18T06:00:00Z");

  @Test
  void anAdjustmentWithTheSameTicketIsPostedOnce() {
    ledger.open("MA1", "MAM1", PaymentMode.PREPAID);

    assertThat(
            adjustments.post(
                "MA1", EntryKind.EMERGENCY_CREDIT, 5_000, "TKT-9", "festival", "ops.iyer", now))
        .isTrue();
    assertThat(
            adjustments.post(
                "MA1", EntryKind.EMERGENCY_CREDIT, 5_000, "TKT-9", "festival", "ops.iyer", now))
        .isFalse();
    adjustments.post(
        "MA1", EntryKind.ADJUSTMENT, -1_250, "TKT-10", "meter test fee", "ops.iyer", now);

    assertThat(ledger.balance("MA1"))
        .isEqualTo(3_750)
        .isEqualTo(ledger.queries.journalSumPaise("MA1"));
  }

  @Test
  void chargesAndRechargesCannotBeForgedAsAdjustments() {
    ledger.open("MA2", "MAM2", PaymentMode.PREPAID);
    assertThatThrownBy(() -> adjustments.post("MA2", EntryKind.RECHARGE, 100, "X", "x", "x", now))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
