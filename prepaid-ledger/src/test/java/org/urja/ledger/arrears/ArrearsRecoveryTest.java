package org.urja.ledger.arrears;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.alerts.MessageTemplates;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.PostedEntry;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.Receipt;
import org.urja.ledger.payment.ReceiptListener;
import org.urja.ledger.support.LedgerFixture;

/**
 * A consumer converted to prepaid with an unpaid postpaid bill pays it off a share of each
 * recharge.
 */
class ArrearsRecoveryTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  // 10 May 2026, 11:30 IST; the billing month runs by the utility's zone (Asia/Kolkata)
  private static final Instant MAY = Instant.parse("2026-05-10T06:00:00Z");
  private final PaymentPosting payments =
      new PaymentPosting(
          ledger.tx, BalanceListener.NONE, ReceiptListener.NONE, Clock.fixed(MAY, ZoneOffset.UTC));
  private final ArrearsBook arrears = new ArrearsBook(ledger.tx);

  private void convertWithArrears(String account, long outstanding, String percent, Long cap) {
    ledger.open(account, "AM-" + account, PaymentMode.PREPAID);
    arrears.set(new ArrearsPlan(account, outstanding, new BigDecimal(percent), cap));
  }

  @Test
  void aShareOfEachRechargeGoesTowardsTheArrearsAndTheRestToTheBalance() {
    convertWithArrears("AR1", 100_000, "25", null);

    Receipt r = payments.post("AR1", 50_000, "UTR-AR1-1", "upi", MAY);

    assertThat(r.arrearsRecoveredPaise()).isEqualTo(12_500);
    assertThat(r.arrearsOutstandingPaise()).isEqualTo(87_500);
    assertThat(r.balanceAfterPaise()).isEqualTo(37_500);
    assertThat(ledger.balance("AR1")).isEqualTo(37_500);
    List<PostedEntry> entries = ledger.queries.entries("AR1");
    assertThat(entries)
        .extracting(PostedEntry::kind)
        .containsExactly(EntryKind.RECHARGE, EntryKind.ARREARS_RECOVERY);
    assertThat(arrears.status("AR1").orElseThrow().plan().outstandingPaise()).isEqualTo(87_500);
    assertThat(arrears.status("AR1").orElseThrow().recoveredPaise()).isEqualTo(12_500);
    assertThat(ledger.queries.accountsOutOfBalance()).isEmpty();
  }

  @Test
  void aGatewayRetryDoesNotRecoverTwiceAndHandsBackTheSameReceipt() {
    convertWithArrears("AR2", 100_000, "25", null);

    Receipt first = payments.post("AR2", 40_000, "UTR-AR2-1", "upi", MAY);
    Receipt again = payments.post("AR2", 40_000, "UTR-AR2-1", "upi", MAY);

    assertThat(again.replay()).isTrue();
    assertThat(again.arrearsRecoveredPaise())
        .isEqualTo(first.arrearsRecoveredPaise())
        .isEqualTo(10_000);
    assertThat(again.balanceAfterPaise()).isEqualTo(30_000);
    assertThat(arrears.status("AR2").orElseThrow().plan().outstandingPaise()).isEqualTo(90_000);
  }

  @Test
  void theMonthlyCapLimitsRecoveryUntilTheNextBillingMonth() {
    convertWithArrears("AR3", 100_000, "50", 15_000L);

    assertThat(payments.post("AR3", 20_000, "UTR-AR3-1", "upi", MAY).arrearsRecoveredPaise())
        .isEqualTo(10_000);
    assertThat(payments.post("AR3", 20_000, "UTR-AR3-2", "upi", MAY).arrearsRecoveredPaise())
        .isEqualTo(5_000);
    assertThat(payments.post("AR3", 20_000, "UTR-AR3-3", "upi", MAY).arrearsRecoveredPaise())
        .isZero();
    // 1 June 00:10 IST is still 31 May in UTC: the utility's month has turned
    Instant june = Instant.parse("2026-05-31T18:40:00Z");
    assertThat(payments.post("AR3", 20_000, "UTR-AR3-4", "upi", june).arrearsRecoveredPaise())
        .isEqualTo(10_000);
    assertThat(ledger.balance("AR3")).isEqualTo(80_000 - 25_000);
  }

  @Test
  void recoveryStopsWhenTheArrearsArePaidOffAndRoundsInTheConsumersFavour() {
    convertWithArrears("AR4", 1_000, "33.33", null);

    Receipt odd =
        payments.post("AR4", 2_999, "UTR-AR4-1", "upi", MAY); // 33.33% of 29.99 = 9.9956 → 9.99
    assertThat(odd.arrearsRecoveredPaise()).isEqualTo(999);
    Receipt last = payments.post("AR4", 50_000, "UTR-AR4-2", "upi", MAY);
    assertThat(last.arrearsRecoveredPaise()).isEqualTo(1);
    assertThat(last.arrearsOutstandingPaise()).isZero();
    Receipt after = payments.post("AR4", 50_000, "UTR-AR4-3", "upi", MAY);
    assertThat(after.arrearsRecoveredPaise()).isZero();
    assertThat(ledger.balance("AR4")).isEqualTo(2_999 + 100_000 - 1_000);
  }

  @Test
  void aReversedRechargeGivesItsRecoveryBackAndTheArrearsAreOwedAgain() {
    convertWithArrears("AR5", 100_000, "25", null);
    payments.post("AR5", 40_000, "UTR-AR5-1", "upi", MAY);
    payments.post("AR5", 8_000, "UTR-AR5-2", "upi", MAY);

    var reversal = payments.reverse("UTR-AR5-1", "chargeback");

    assertThat(reversal.balanceAfterPaise()).isEqualTo(6_000);
    assertThat(ledger.balance("AR5")).isEqualTo(6_000);
    assertThat(payments.reverse("UTR-AR5-1", "chargeback").balanceAfterPaise()).isEqualTo(6_000);
    assertThat(arrears.status("AR5").orElseThrow().plan().outstandingPaise()).isEqualTo(98_000);
    assertThat(arrears.status("AR5").orElseThrow().recoveredPaise()).isEqualTo(2_000);
    assertThat(ledger.queries.accountsOutOfBalance()).isEmpty();
  }

  @Test
  void anAccountWithoutArrearsKeepsItsWholeRecharge() {
    ledger.open("AR6", "AM-AR6", PaymentMode.PREPAID);
    Receipt r = payments.post("AR6", 10_000, "UTR-AR6-1", "upi", MAY);
    assertThat(r.arrearsRecoveredPaise()).isZero();
    assertThat(ledger.balance("AR6")).isEqualTo(10_000);
    assertThat(arrears.status("AR6")).isEmpty();
  }

  @Test
  void theReceiptMessageSaysWhatWentTowardsArrearsInTheConsumersLanguage() {
    var withArrears =
        java.util.Map.of(
            "amount",
            "₹500.00",
            "account",
            "AR1",
            "when",
            "10-05-2026 11:30 IST",
            "receipt",
            "RCPT-2026-000001",
            "reference",
            "UTR-1",
            "balance",
            "₹375.00",
            "arrearsRecovered",
            "₹125.00",
            "arrearsOutstanding",
            "₹875.00");
    assertThat(MessageTemplates.render(NotificationKind.RECHARGE_RECEIPT, "en", withArrears))
        .contains("₹125.00 of it went towards your arrears; ₹875.00 of arrears remain.");
    assertThat(MessageTemplates.render(NotificationKind.RECHARGE_RECEIPT, "hi", withArrears))
        .contains("₹125.00", "बकाया");
    var plain = new java.util.HashMap<>(withArrears);
    plain.remove("arrearsRecovered");
    assertThat(MessageTemplates.render(NotificationKind.RECHARGE_RECEIPT, "en", plain))
        .doesNotContain("arrears")
        .doesNotContain("{")
        .contains("Balance: ₹375.00");
  }

  @Test
  void aPlanNeedsASensiblePercentage() {
    assertThatThrownBy(() -> new ArrearsPlan("X", 100, new BigDecimal("0"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArrearsPlan("X", 100, new BigDecimal("101"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArrearsPlan("X", -1, new BigDecimal("10"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
