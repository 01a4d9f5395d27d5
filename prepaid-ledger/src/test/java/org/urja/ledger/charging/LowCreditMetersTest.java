package org.urja.ledger.charging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.ReceiptListener;
import org.urja.ledger.support.LedgerFixture;

class LowCreditMetersTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");
  private static final long BELOW = 10_000; // ₹100

  private final Set<String> marked = ConcurrentHashMap.newKeySet();
  private final PaymentPosting payments =
      new PaymentPosting(
          ledger.tx,
          new LowCreditMeters(BELOW, marked::addAll),
          ReceiptListener.NONE,
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void anAccountOpenedWithLittleCreditHasItsMeterReadFirstBeforeAnyCharge() {
    ledger.open("LC-1", "LCM-1", PaymentMode.PREPAID);
    payments.post("LC-1", 2_500, "LC-OPEN-1", "upi", NOW);

    assertThat(marked).containsExactly("LCM-1");
  }

  @Test
  void aRechargeThatLeavesPlentyOfCreditMarksNothing() {
    ledger.open("LC-2", "LCM-2", PaymentMode.PREPAID);
    payments.post("LC-2", 50_000, "LC-OPEN-2", "upi", NOW);

    assertThat(marked).isEmpty();
  }

  @Test
  void aReversalThatTakesTheBalanceLowMarksTheMeter() {
    ledger.open("LC-3", "LCM-3", PaymentMode.PREPAID);
    payments.post("LC-3", 50_000, "LC-OPEN-3", "upi", NOW);
    payments.post("LC-3", 5_000, "LC-TOPUP-3", "upi", NOW);
    assertThat(marked).isEmpty();

    payments.reverse("LC-OPEN-3", "chargeback");

    assertThat(marked).containsExactly("LCM-3");
  }

  @Test
  void aPostpaidAccountsMeterIsNeverMarked() {
    ledger.open("LC-4", "LCM-4", PaymentMode.POSTPAID);
    payments.post("LC-4", 100, "LC-PAY-4", "upi", NOW);

    assertThat(marked).isEmpty();
    assertThat(LowCreditMeters.below(ledger.tx, BELOW)).doesNotContain("LCM-4");
  }

  @Test
  void atStartTheMetersOfPrepaidAccountsBelowTheThresholdAreFound() {
    ledger.open("LC-5", "LCM-5", PaymentMode.PREPAID);
    payments.post("LC-5", 9_999, "LC-OPEN-5", "upi", NOW);
    ledger.open("LC-6", "LCM-6", PaymentMode.PREPAID);
    payments.post("LC-6", 10_000, "LC-OPEN-6", "upi", NOW);

    assertThat(LowCreditMeters.below(ledger.tx, BELOW)).contains("LCM-5").doesNotContain("LCM-6");
  }
}
