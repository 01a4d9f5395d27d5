package org.urja.headend.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.urja.ingest.store.RegisterReadings;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.billing.BillIssuer;
import org.urja.ledger.billing.BillReminders;
import org.urja.ledger.billing.BillRun;
import org.urja.ledger.billing.BillSettlement;
import org.urja.ledger.billing.BillingSettings;
import org.urja.ledger.billing.Bills;
import org.urja.ledger.db.Transactions;

/**
 * The postpaid side of a node: the ledger's bill run, bill reads, settlement of payments and "bill
 * due" reminders, wired to ingest's register. The jobs are idempotent, so every node may run them.
 */
public final class PostpaidBilling {

  private final Bills bills;
  private final BillRun run;
  private final BillReminders reminders;
  private final BillSettlement settlement;
  private final Clock clock;
  private final ZoneId zone;
  private final Transactions tx;

  public PostpaidBilling(
      Transactions tx, DataSource dataSource, Notifier notifier, Clock clock, ZoneId zone) {
    this.bills = new Bills(tx);
    this.run =
        new BillRun(
            tx,
            new IngestRegisterHistory(new RegisterReadings(dataSource)),
            new BillIssuer(tx, notifier),
            clock);
    this.reminders = new BillReminders(tx, notifier);
    this.settlement = new BillSettlement(notifier);
    this.clock = clock;
    this.zone = zone;
    this.tx = tx;
  }

  /**
   * Stores a utility's postpaid rules; an unknown utility fails with the ledger's data exception.
   */
  public void saveRules(String utilityId, BillingSettings rules) {
    tx.inTransaction(
        c -> {
          BillingSettings.save(c, utilityId, rules);
          return null;
        });
  }

  /**
   * Bills the month that ended last (in {@code utility.zone}); a month already billed costs one
   * look per account.
   */
  public BillRun.Report billLastMonth() {
    return run.run(YearMonth.now(clock.withZone(zone)).minusMonths(1));
  }

  public int remind() {
    return reminders.run(clock.instant());
  }

  public Bills bills() {
    return bills;
  }

  public BillRun run() {
    return run;
  }

  public BillSettlement settlement() {
    return settlement;
  }

  /** How often the jobs look for work. */
  public static Duration remindEvery() {
    return Duration.ofHours(1);
  }
}
