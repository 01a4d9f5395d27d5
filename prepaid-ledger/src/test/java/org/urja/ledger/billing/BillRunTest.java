package org.urja.ledger.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

class BillRunTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T04:00:00Z"));
  private final Notifier notifier = new Notifier(List.of("log"));
  private final ListedRegister register = new ListedRegister();
  private final BillRun run =
      new BillRun(ledger.tx, register, new BillIssuer(ledger.tx, notifier), clock);
  private final Bills bills = new Bills(ledger.tx);
  private final PaymentPosting payments =
      new PaymentPosting(
          ledger.tx,
          BalanceListener.NONE,
          new BillSettlement(notifier),
          Clock.fixed(Instant.parse("2026-03-02T04:00:00Z"), ZoneOffset.UTC));

  static {
    ledger.tariffs.save(ledger.telescopicTariff());
  }

  @Test
  void aPostpaidMonthIsBilledFromTheRegisterAtLocalMidnightWithSlabsFixedChargeAndDuty() {
    ledger.open("BILL1", "BM1", PaymentMode.POSTPAID);
    // local midnight of 1 Feb and 1 Mar in IST is 18:30 UTC the day before
    register
        .add(reading("BM1", "2026-01-31T18:30:00Z", 1_000_000))
        .add(reading("BM1", "2026-02-14T06:00:00Z", 1_090_000))
        .add(reading("BM1", "2026-02-28T18:30:00Z", 1_180_000))
        .add(reading("BM1", "2026-02-28T18:45:00Z", 1_180_900));

    BillRun.Report report = run.run(YearMonth.of(2026, 2));

    Bill b = bills.latest("BILL1").orElseThrow();
    assertThat(report.issued()).extracting(Bill::billNo).contains(b.billNo());
    assertThat(b.periodStart()).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(b.closingWh()).isEqualByComparingTo("1180000");
    assertThat(b.kwh()).isEqualByComparingTo("180");
    assertThat(b.estimated()).isFalse();
    // 100 × 335 + 50 × 385 + 30 × 500 = 67,750; 2 kW × 28 days × 110 = 6,160; 5 % duty of 73,910 =
    // 3,695.5 → 3,696
    assertThat(b.lines())
        .extracting(BillLine::kind, BillLine::amountPaise)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ENERGY", 33_500L),
            org.assertj.core.groups.Tuple.tuple("ENERGY", 19_250L),
            org.assertj.core.groups.Tuple.tuple("ENERGY", 15_000L),
            org.assertj.core.groups.Tuple.tuple("FIXED", 6_160L),
            org.assertj.core.groups.Tuple.tuple("DUTY", 3_696L));
    assertThat(b.currentChargesPaise()).isEqualTo(77_606);
    assertThat(b.amountDuePaise()).isEqualTo(77_606);
    assertThat(b.dueDate()).isEqualTo(LocalDate.of(2026, 3, 17));
    assertThat(ledger.balance("BILL1")).isEqualTo(-77_606);
    assertThat(Outbox.kinds(ledger.dataSource, "BILL1")).containsExactly("bill_issued");
  }

  @Test
  void runningTheSameMonthTwiceMakesOneBillAndTakesNoNumber() {
    ledger.open("BILL2", "BM2", PaymentMode.POSTPAID);
    register
        .add(reading("BM2", "2026-01-31T18:30:00Z", 0))
        .add(reading("BM2", "2026-02-28T18:30:00Z", 50_000));

    Bill first = run.bill("BILL2", YearMonth.of(2026, 2)).orElseThrow().bill();
    BillIssuer.Outcome again = run.bill("BILL2", YearMonth.of(2026, 2)).orElseThrow();
    BillRun.Report rerun = run.run(YearMonth.of(2026, 2));

    assertThat(again.fresh()).isFalse();
    assertThat(again.bill().billNo()).isEqualTo(first.billNo());
    assertThat(rerun.issued()).extracting(Bill::accountId).doesNotContain("BILL2");
    assertThat(bills.ofAccount("BILL2")).hasSize(1);
    assertThat(ledger.balance("BILL2")).isEqualTo(-first.currentChargesPaise());
    assertThat(ledger.queries.accountsOutOfBalance()).isEmpty();
  }

  @Test
  void anUnpaidBillPastItsDueDateCarriesArrearsAndALateChargeAndAPaymentSettlesTheOldestFirst() {
    ledger.open("BILL3", "BM3", PaymentMode.POSTPAID);
    register
        .add(reading("BM3", "2026-01-31T18:30:00Z", 0))
        .add(reading("BM3", "2026-02-28T18:30:00Z", 100_000))
        .add(reading("BM3", "2026-03-31T18:30:00Z", 200_000));
    Bill february = run.bill("BILL3", YearMonth.of(2026, 2)).orElseThrow().bill();
    clock.set(Instant.parse("2026-04-01T05:00:00Z"));

    Bill march = run.bill("BILL3", YearMonth.of(2026, 3)).orElseThrow().bill();

    // 1.5 % of February's unpaid charges, once, on the next bill
    long late = Math.round(february.currentChargesPaise() * 0.015);
    assertThat(march.latePaymentPaise()).isEqualTo(late);
    assertThat(march.arrearsPaise()).isEqualTo(february.currentChargesPaise());
    assertThat(march.amountDuePaise())
        .isEqualTo(february.currentChargesPaise() + march.currentChargesPaise() + late);
    assertThat(march.billNo()).isNotEqualTo(february.billNo());

    payments.post(
        "BILL3",
        february.currentChargesPaise() + 1_000,
        "UTR-BILL3-1",
        "upi",
        Instant.parse("2026-04-02T05:00:00Z"));

    assertThat(bills.settledBy("UTR-BILL3-1"))
        .containsExactly(
            new Bills.Settled(february.billNo(), february.currentChargesPaise()),
            new Bills.Settled(march.billNo(), 1_000));
    List<Bill> now = bills.ofAccount("BILL3");
    assertThat(now.get(1).unpaidPaise()).isZero();
    assertThat(now.get(0).unpaidPaise()).isEqualTo(march.chargesPaise() - 1_000);
    assertThat(Outbox.kinds(ledger.dataSource, "BILL3"))
        .containsExactly("bill_issued", "bill_issued", "payment_receipt")
        .doesNotContain(NotificationKind.RECHARGE_RECEIPT.dbValue());
  }

  @Test
  void aPrepaidAccountGetsNoBill() {
    ledger.open("BILL4", "BM4", PaymentMode.PREPAID);
    register
        .add(reading("BM4", "2026-01-31T18:30:00Z", 0))
        .add(reading("BM4", "2026-02-28T18:30:00Z", 10_000));

    assertThat(run.bill("BILL4", YearMonth.of(2026, 2))).isEmpty();
  }
}
