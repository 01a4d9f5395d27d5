package org.urja.ledger.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.ReceiptListener;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

/**
 * A utility that sends a daily update gives each prepaid consumer one a day, with yesterday's
 * charges.
 */
class DailySummariesTest {

  private final LedgerFixture ledger =
      new LedgerFixture(UtilitySettings.defaults().withDailySummaryAt(LocalTime.of(8, 0)));
  private final MutableClock clock = new MutableClock(ist("2026-11-17T09:00"));
  private final ConsumptionCharger charger =
      new ConsumptionCharger(ledger.tx, BalanceListener.NONE);
  private final PaymentPosting payments =
      new PaymentPosting(ledger.tx, BalanceListener.NONE, ReceiptListener.NONE, clock);
  private final DailySummaries daily = new DailySummaries(ledger.tx, new Notifier(List.of("log")));

  private static Instant ist(String local) {
    return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Kolkata")).toInstant();
  }

  @Test
  void eachPrepaidConsumerGetsOneUpdateADayFromTheUtilitysHourWithYesterdaysCharges() {
    ledger.tariffs.save(ledger.flatTariff()); // ₹5 per kWh
    ledger.open("DS1", "DSM1", PaymentMode.PREPAID);
    ledger.open("DS2", "DSM2", PaymentMode.POSTPAID);
    payments.post("DS1", 50_000, "UTR-DS1", "upi", ist("2026-11-17T09:00"));
    // 2 kWh on the 17th before midnight IST, 3 kWh on the 18th: only the 18th is "yesterday" on the
    // 19th
    charger.charge(
        List.of(
            reading("DSM1", ist("2026-11-17T10:00").toString(), 0),
            reading("DSM1", ist("2026-11-17T23:45").toString(), 2_000),
            reading("DSM1", ist("2026-11-18T20:00").toString(), 5_000)));

    assertThat(daily.run(ist("2026-11-19T07:59"))).isZero();
    assertThat(daily.run(ist("2026-11-19T08:00"))).isEqualTo(1);
    assertThat(daily.run(ist("2026-11-19T14:00"))).isZero(); // once a day, however often it runs

    List<Outbox.Row> sent =
        Outbox.forAccount(ledger.dataSource, "DS1").stream()
            .filter(r -> r.kind().equals("daily_summary"))
            .toList();
    assertThat(sent)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.body())
                    .contains(
                        "balance ₹475.00", "yesterday's charges ₹15.00", "days of supply left"));
    assertThat(Outbox.kinds(ledger.dataSource, "DS2"))
        .doesNotContain("daily_summary"); // postpaid: never

    assertThat(daily.run(ist("2026-11-20T08:30"))).isEqualTo(1); // the next day, the next update
  }

  @Test
  void aUtilityThatDoesNotSendDailyUpdatesSendsNone() {
    LedgerFixture quiet = new LedgerFixture();
    quiet.open("DS3", "DSM3", PaymentMode.PREPAID);
    assertThat(
            new DailySummaries(quiet.tx, new Notifier(List.of("log"))).run(ist("2026-11-19T12:00")))
        .isZero();
  }
}
