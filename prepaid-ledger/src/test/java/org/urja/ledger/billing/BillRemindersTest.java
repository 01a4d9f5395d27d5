package org.urja.ledger.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

class BillRemindersTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  // bills issued on 2 March (IST) fall due on 17 March; reminders 3 days before and on the day
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T04:00:00Z"));
  private final Notifier notifier = new Notifier(List.of("log"));
  private final ListedRegister register = new ListedRegister();
  private final BillRun run =
      new BillRun(ledger.tx, register, new BillIssuer(ledger.tx, notifier), clock);
  private final BillReminders reminders = new BillReminders(ledger.tx, notifier);

  static {
    ledger.tariffs.save(ledger.flatTariff());
  }

  private void billFebruary(String account, String meter) {
    ledger.open(account, meter, PaymentMode.POSTPAID);
    register
        .add(reading(meter, "2026-01-31T18:30:00Z", 0))
        .add(reading(meter, "2026-02-28T18:30:00Z", 20_000));
    run.bill(account, YearMonth.of(2026, 2)).orElseThrow();
  }

  @Test
  void anUnpaidBillIsRemindedOnceBeforeItsDueDateAndOnceOnIt() {
    billFebruary("REM1", "REMM1");

    reminders.run(Instant.parse("2026-03-10T05:00:00Z"));
    reminders.run(Instant.parse("2026-03-14T05:00:00Z"));
    reminders.run(Instant.parse("2026-03-15T05:00:00Z"));
    reminders.run(Instant.parse("2026-03-17T05:00:00Z"));
    reminders.run(Instant.parse("2026-03-17T09:00:00Z"));
    reminders.run(Instant.parse("2026-03-18T05:00:00Z"));

    assertThat(Outbox.kinds(ledger.dataSource, "REM1"))
        .containsExactly("bill_issued", "bill_due", "bill_due");
    assertThat(Outbox.forAccount(ledger.dataSource, "REM1").get(1).body())
        .contains("17-03-2026", "₹100.00");
  }

  @Test
  void aPaidBillIsNotReminded() {
    billFebruary("REM2", "REMM2");
    new PaymentPosting(
            ledger.tx,
            BalanceListener.NONE,
            new BillSettlement(notifier),
            Clock.fixed(Instant.parse("2026-03-05T04:00:00Z"), ZoneOffset.UTC))
        .post("REM2", 10_000, "UTR-REM2", "upi", Instant.parse("2026-03-05T04:00:00Z"));

    reminders.run(Instant.parse("2026-03-15T05:00:00Z"));
    reminders.run(Instant.parse("2026-03-17T05:00:00Z"));

    assertThat(Outbox.kinds(ledger.dataSource, "REM2"))
        .containsExactly("bill_issued", "payment_receipt");
  }
}
