package org.urja.ledger.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.support.LedgerFixture;

class PaymentPostingTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static final Instant NOW = Instant.parse("2026-05-10T06:00:00Z");
  private final PaymentPosting payments =
      new PaymentPosting(
          ledger.tx, BalanceListener.NONE, ReceiptListener.NONE, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void theSameGatewayReferenceTwiceCreditsOnceAndReturnsTheSameReceipt() {
    ledger.open("P1", "PM1", PaymentMode.PREPAID);
    Receipt first = payments.post("P1", 50_000, "UTR-0001", "upi", NOW);
    Receipt again = payments.post("P1", 50_000, "UTR-0001", "upi", NOW.plusSeconds(3600));

    assertThat(first.replay()).isFalse();
    assertThat(again.replay()).isTrue();
    assertThat(again.receiptNumber()).isEqualTo(first.receiptNumber());
    assertThat(again.balanceAfterPaise()).isEqualTo(50_000);
    assertThat(ledger.balance("P1")).isEqualTo(50_000);
    assertThat(first.receiptNumber()).matches("RCPT-2026-\\d{6}");
  }

  @Test
  void aReferenceReusedForAnotherAmountIsRefused() {
    ledger.open("P2", "PM2", PaymentMode.PREPAID);
    payments.post("P2", 10_000, "UTR-0002", "card", NOW);

    assertThatThrownBy(() -> payments.post("P2", 20_000, "UTR-0002", "card", NOW))
        .isInstanceOf(PaymentConflictException.class);
    assertThat(ledger.balance("P2")).isEqualTo(10_000);
  }

  @Test
  void aReversalDebitsTheOriginalAmountOnceHoweverOftenItIsAsked() {
    ledger.open("P3", "PM3", PaymentMode.PREPAID);
    payments.post("P3", 30_000, "BBPS-77", "bbps", NOW);
    payments.post("P3", 5_000, "BBPS-78", "bbps", NOW);

    Reversal first = payments.reverse("BBPS-77", "chargeback");
    Reversal again = payments.reverse("BBPS-77", "chargeback");

    assertThat(first.replay()).isFalse();
    assertThat(again.replay()).isTrue();
    assertThat(again.balanceAfterPaise()).isEqualTo(5_000);
    assertThat(ledger.balance("P3")).isEqualTo(5_000);
    assertThat(payments.receipt("BBPS-77").orElseThrow().status()).isEqualTo("reversed");
    // a late duplicate callback of the reversed payment does not credit it again
    assertThat(payments.post("P3", 30_000, "BBPS-77", "bbps", NOW).replay()).isTrue();
    assertThat(ledger.balance("P3")).isEqualTo(5_000);
  }

  @Test
  void receiptNumbersAreUniqueAndCarryTheBalanceAfterTheCredit() {
    ledger.open("P4", "PM4", PaymentMode.PREPAID);
    Receipt a = payments.post("P4", 1_000, "UTR-A", "upi", NOW);
    Receipt b = payments.post("P4", 2_000, "UTR-B", "upi", NOW);

    assertThat(a.receiptNumber()).isNotEqualTo(b.receiptNumber());
    assertThat(b.balanceAfterPaise()).isEqualTo(3_000);
    assertThat(ledger.queries.journalSumPaise("P4")).isEqualTo(3_000);
  }
}
