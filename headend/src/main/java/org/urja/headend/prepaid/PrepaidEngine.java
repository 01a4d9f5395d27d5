package org.urja.headend.prepaid;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.billing.PostpaidBilling;
import org.urja.ingest.store.StoredRegisters;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.alerts.BalanceAlerts;
import org.urja.ledger.alerts.DailySummaries;
import org.urja.ledger.alerts.DispatchSettings;
import org.urja.ledger.alerts.LogChannel;
import org.urja.ledger.alerts.NotificationChannel;
import org.urja.ledger.alerts.NotificationDispatcher;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.alerts.WebhookChannel;
import org.urja.ledger.arrears.ArrearsBook;
import org.urja.ledger.billing.ReversalNotices;
import org.urja.ledger.charging.ChargePositions;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.charging.FixedChargeAccrual;
import org.urja.ledger.charging.LowCreditMeters;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.LedgerQueries;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.ReceiptListener;
import org.urja.ledger.relay.ReconnectOnRecharge;
import org.urja.ledger.relay.RelayCommandQueue;
import org.urja.ledger.relay.RelayConfirmationNotices;
import org.urja.ledger.relay.RelayPolicyJob;
import org.urja.ledger.relay.RelaySettings;
import org.urja.ledger.tariff.TariffBook;

/**
 * The prepaid side of a head-end node: the ledger's components wired together, plus the jobs that
 * run them (charging feed, catch-up, fixed charges, relay policy, notification delivery). Every job
 * is safe to run on several nodes at once; the ledger serialises per account in the database.
 */
public final class PrepaidEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrepaidEngine.class);

  private final Transactions tx;
  private final AccountRegistry accounts;
  private final UtilityRegistry utilities;
  private final TariffBook tariffs;
  private final ConsumptionCharger charger;
  private final FixedChargeAccrual fixedCharges;
  private final PaymentPosting payments;
  private final RelayCommandQueue relayQueue;
  private final RelayPolicyJob policy;
  private final NotificationDispatcher notifications;
  private final ChargingFeed feed;
  private final ChargeCatchUp catchUp;
  private final LedgerQueries queries;
  private final ArrearsBook arrears;
  private final DailySummaries dailySummaries;
  private final ZoneId zone;
  private final PostpaidBilling billing;
  private final UrgentMeters urgent = new UrgentMeters();
  private final long lowCreditBelowPaise;

  public PrepaidEngine(
      DataSource dataSource,
      PrepaidSettings settings,
      MeterRegistry registry,
      Clock clock,
      List<NotificationChannel> extraChannels) {
    this(dataSource, dataSource, settings, registry, clock, extraChannels);
  }

  /**
   * @param relayDataSource the pool for relay commands (claims, outcomes) and payments: what a
   *     consumer waits for after a recharge, kept apart from the pool that charging and the batch
   *     writers keep busy (it may be {@code dataSource} itself)
   */
  public PrepaidEngine(
      DataSource dataSource,
      DataSource relayDataSource,
      PrepaidSettings settings,
      MeterRegistry registry,
      Clock clock,
      List<NotificationChannel> extraChannels) {
    this.tx = new Transactions(dataSource);
    Transactions relayTx = new Transactions(relayDataSource);
    this.zone = settings.zone();
    List<NotificationChannel> channels = new ArrayList<>(extraChannels);
    channels.add(new LogChannel());
    settings
        .webhook()
        .ifPresent(
            hook ->
                channels.add(
                    new WebhookChannel(
                        hook.url(), hook.secret().getBytes(StandardCharsets.UTF_8))));
    Notifier notifier = new Notifier(channels.stream().map(NotificationChannel::name).toList());
    BalanceAlerts alerts = new BalanceAlerts(notifier);
    this.relayQueue =
        new RelayCommandQueue(
            relayTx, new RelayConfirmationNotices(notifier), relaySettings(settings), clock);
    this.lowCreditBelowPaise = settings.chargingPriorityBelowPaise();
    this.policy = new RelayPolicyJob(tx, relayQueue, notifier);
    BalanceListener onBalance =
        alerts
            .andThen(new ReconnectOnRecharge(relayQueue))
            .andThen(policy.atRunningOut(clock))
            .andThen(new LowCreditMeters(lowCreditBelowPaise, urgent::addAll));
    this.accounts = new AccountRegistry(tx);
    this.utilities = new UtilityRegistry(tx);
    this.tariffs = new TariffBook(tx);
    // short transactions: a recharge waits for the balance row lock of at most one small batch
    this.charger = new ConsumptionCharger(tx, onBalance, 500, registry);
    this.fixedCharges = new FixedChargeAccrual(tx, onBalance);
    this.billing = new PostpaidBilling(tx, dataSource, notifier, clock, zone);
    // a postpaid payment settles bills and gets a postpaid receipt; a prepaid one its recharge
    // receipt
    ReceiptListener receipts =
        (c, r) -> {
          billing.settlement().onReceipt(c, r);
          alerts.onReceipt(c, r);
        };
    // payments on the relay lane's pool, like the reconnect they cause
    this.payments =
        new PaymentPosting(relayTx, onBalance, receipts, new ReversalNotices(notifier), clock);
    this.notifications =
        new NotificationDispatcher(tx, channels, DispatchSettings.defaults(), clock, registry);
    this.feed = new ChargingFeed(charger, settings.chargingLanes(), lowCreditBelowPaise, urgent);
    this.catchUp =
        new ChargeCatchUp(new ChargePositions(tx), new StoredRegisters(dataSource), charger);
    this.queries = new LedgerQueries(tx);
    this.arrears = new ArrearsBook(tx);
    this.dailySummaries = new DailySummaries(tx, notifier);
  }

  /** Starts the periodic jobs on {@code scheduler}. */
  public void schedule(ScheduledExecutorService scheduler, Duration policyEvery, Clock clock) {
    schedule(scheduler, policyEvery, Duration.ofHours(6), clock);
  }

  /**
   * @param billEvery how often the postpaid bill run looks at the month that ended last ({@code
   *     billing.run.every})
   */
  public void schedule(
      ScheduledExecutorService scheduler, Duration policyEvery, Duration billEvery, Clock clock) {
    notifications.start();
    // the meters a node finds close to running out at start are read and charged first at once,
    // not only once a charge has found them low (UrgentMeters)
    scheduler.execute(
        () -> {
          try {
            urgent.addAll(LowCreditMeters.below(tx, lowCreditBelowPaise));
            log.info("{} meters close to running out of credit go first", urgent.size());
          } catch (RuntimeException e) {
            log.error("finding the meters close to running out of credit failed", e);
          }
        });
    every(scheduler, policyEvery, "relay policy", () -> policy.evaluate(clock.instant()));
    every(scheduler, Duration.ofMinutes(5), "charge catch-up", () -> catchUp.run(10_000));
    // idempotent per account and day: running hourly covers a node that was down at midnight
    every(
        scheduler,
        Duration.ofHours(1),
        "fixed charges",
        () -> fixedCharges.accrue(LocalDate.now(clock.withZone(zone))));
    // off unless a utility sets dailySummaryAt; each run continues where the last one stopped
    every(
        scheduler,
        Duration.ofMinutes(5),
        "daily summaries",
        () -> dailySummaries.run(clock.instant()));
    // idempotent: a month already billed is only looked at; a node down at month end catches up
    every(scheduler, billEvery, "postpaid bill run", billing::billLastMonth);
    every(scheduler, PostpaidBilling.remindEvery(), "bill reminders", billing::remind);
  }

  private static void every(
      ScheduledExecutorService s, Duration period, String name, Runnable job) {
    s.scheduleWithFixedDelay(
        () -> {
          try {
            job.run();
          } catch (Throwable e) {
            // caught here, not left to the scheduler: a periodic task whose run throws is cancelled
            log.error("{} job failed, it runs again in {}", name, period, e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public PostpaidBilling billing() {
    return billing;
  }

  public ArrearsBook arrears() {
    return arrears;
  }

  public ChargingFeed feed() {
    return feed;
  }

  public AccountRegistry accounts() {
    return accounts;
  }

  public UtilityRegistry utilities() {
    return utilities;
  }

  public TariffBook tariffs() {
    return tariffs;
  }

  public PaymentPosting payments() {
    return payments;
  }

  public RelayCommandQueue relayQueue() {
    return relayQueue;
  }

  public RelayPolicyJob policy() {
    return policy;
  }

  public ConsumptionCharger charger() {
    return charger;
  }

  public ChargeCatchUp catchUp() {
    return catchUp;
  }

  public FixedChargeAccrual fixedCharges() {
    return fixedCharges;
  }

  public NotificationDispatcher notifications() {
    return notifications;
  }

  public LedgerQueries queries() {
    return queries;
  }

  public Transactions transactions() {
    return tx;
  }

  @Override
  public void close() throws Exception {
    notifications.close();
    feed.close();
  }

  /** The queue's defaults with the configured backoff. */
  private static RelaySettings relaySettings(PrepaidSettings settings) {
    RelaySettings d = RelaySettings.defaults();
    return new RelaySettings(
        d.disconnectMaxAttempts(),
        d.reconnectMaxAttempts(),
        settings.relayBackoffFirst(),
        settings.relayBackoffMax(),
        d.claimLease(),
        d.confirmTimeout(),
        d.disconnectExpiry());
  }
}
