package org.urja.ledger.billing;

import static org.urja.ledger.db.Sql.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.charging.RegisterReading;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffBook;

/**
 * The monthly bill run for postpaid accounts. Each account is billed in its own transaction under
 * its balance lock; a bill exists once per account and period ({@code unique (account_id,
 * period_start)}, checked under the lock), so running the same month again, on any node, at any
 * time, issues nothing new and returns the bills already made. One account's failure (no tariff, no
 * meter) is logged and counted, and the run goes on.
 *
 * <p>Readings come through {@link RegisterHistory}, read before the transaction opens: the register
 * belongs to ingest, and its reads need no ledger lock.
 */
public final class BillRun {

  private static final Logger LOG = LoggerFactory.getLogger(BillRun.class);

  /** What one run did. {@code failed} maps account ids to the reason they have no bill. */
  public record Report(List<Bill> issued, int alreadyBilled, Map<String, String> failed) {}

  private final Transactions tx;
  private final RegisterHistory register;
  private final BillIssuer issuer;
  private final Clock clock;

  public BillRun(Transactions tx, RegisterHistory register, BillIssuer issuer, Clock clock) {
    this.tx = tx;
    this.register = register;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * Bills every postpaid account for {@code month} (in each utility's zone); the month must have
   * ended.
   */
  public Report run(YearMonth month) {
    List<String> accounts = tx.inTransaction(BillRun::postpaidAccounts);
    List<Bill> issued = new ArrayList<>();
    int already = 0;
    Map<String, String> failed = new java.util.TreeMap<>();
    for (String accountId : accounts) {
      try {
        Optional<BillIssuer.Outcome> o = bill(accountId, month);
        if (o.isEmpty()) {
          continue;
        }
        if (o.get().fresh()) {
          issued.add(o.get().bill());
        } else {
          already++;
        }
      } catch (RuntimeException e) {
        // one account without a tariff or a meter must not keep the others from their bills
        LOG.warn("no bill for account {} for {}: {}", accountId, month, e.getMessage());
        failed.put(accountId, String.valueOf(e.getMessage()));
      }
    }
    LOG.info(
        "bill run {}: {} issued, {} already billed, {} failed",
        month,
        issued.size(),
        already,
        failed.size());
    return new Report(issued, already, failed);
  }

  /**
   * Bills one account for {@code month}; empty when the account is not postpaid for that period.
   *
   * @throws IllegalArgumentException when the month has not ended, the account is unknown, has no
   *     meter at the period's end or no tariff in force
   */
  public Optional<BillIssuer.Outcome> bill(String accountId, YearMonth month) {
    Plan plan = tx.inTransaction(c -> plan(c, accountId, month));
    if (plan == null) {
      return Optional.empty();
    }
    if (plan.existing() != null) {
      return Optional.of(new BillIssuer.Outcome(plan.existing(), false));
    }
    List<RegisterReading> series = series(plan);
    return Optional.of(
        issuer.issue(
            plan.account(),
            plan.period(),
            plan.meter(),
            series,
            plan.tariff(),
            plan.days(),
            estimated(plan, series),
            clock.instant()));
  }

  /** What the bill needs from the ledger before the register is read. */
  private record Plan(
      Account account,
      BillingPeriod period,
      String meter,
      Instant openingBoundary,
      RegisterReading carriedOpening,
      Tariff tariff,
      long days,
      int staleHours,
      Bill existing) {}

  private Plan plan(Connection c, String accountId, YearMonth month) throws SQLException {
    Account account =
        AccountRegistry.find(c, accountId)
            .orElseThrow(() -> new IllegalArgumentException("unknown account " + accountId));
    ZoneId zone = ZoneId.of(UtilityRegistry.settings(c, account.utilityId()).zone());
    BillingPeriod period = new BillingPeriod(month, zone);
    if (clock.instant().isBefore(period.end())) {
      throw new IllegalArgumentException("the period " + month + " has not ended yet in " + zone);
    }
    Optional<Instant> postpaidSince = postpaidSince(c, accountId);
    if (account.isPrepaid()
        || postpaidSince.isEmpty()
        || !postpaidSince.get().isBefore(period.end())) {
      return null;
    }
    List<Bill> bills = Bills.ofAccount(c, accountId);
    Optional<Bill> existing =
        bills.stream().filter(b -> b.periodStart().equals(period.firstDay())).findFirst();
    if (existing.isPresent()) {
      // billed already: no register reads (the issuer checks again under the balance lock)
      return new Plan(account, period, null, null, null, null, 0, 0, existing.get());
    }
    String meter =
        meterAt(c, accountId, period.end())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "account " + accountId + " had no meter at " + period.end()));
    Instant from = latest(period.start(), postpaidSince.get(), account.openedAt());
    Optional<Bill> previous =
        bills.stream().filter(b -> b.periodStart().isBefore(period.firstDay())).findFirst();
    // consecutive bills share a reading: nothing is billed twice or lost between them
    RegisterReading carried =
        previous
            .filter(b -> b.meterSerial().equals(meter))
            .map(b -> new RegisterReading(meter, b.closingAt(), b.closingWh()))
            .orElse(null);
    LocalDate lastDay = period.endDay().minusDays(1);
    Tariff tariff =
        TariffBook.catalog(c)
            .inForce(account.utilityId(), account.tariffCode(), lastDay)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no tariff " + account.tariffCode() + " in force on " + lastDay));
    // the fixed charge runs from the first whole local day the account was postpaid (prepaid
    // accounts accrue theirs day by day, so the day of a switch is the prepaid engine's)
    LocalDate firstDay =
        from.equals(period.start())
            ? period.firstDay()
            : from.atZone(zone)
                .toLocalDate()
                .plusDays(
                    from.atZone(zone).toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? 0 : 1);
    long days = Math.max(0, ChronoUnit.DAYS.between(firstDay, period.endDay()));
    return new Plan(
        account,
        period,
        meter,
        from,
        carried,
        tariff,
        days,
        BillingSettings.load(c, account.utilityId()).staleReadingHours(),
        null);
  }

  private List<RegisterReading> series(Plan plan) {
    Instant end = plan.period().end();
    RegisterReading opening =
        plan.carriedOpening() != null
            ? plan.carriedOpening()
            : register
                .atOrBefore(plan.meter(), plan.openingBoundary())
                .or(
                    () ->
                        register
                            .between(plan.meter(), plan.openingBoundary(), end.plusNanos(1))
                            .stream()
                            .findFirst())
                .orElse(null);
    if (opening == null) {
      throw new IllegalArgumentException("meter " + plan.meter() + " has no reading up to " + end);
    }
    List<RegisterReading> series = new ArrayList<>();
    series.add(opening);
    series.addAll(register.between(plan.meter(), opening.ts(), end));
    register
        .atOrBefore(plan.meter(), end)
        .filter(r -> r.ts().isAfter(opening.ts()))
        .ifPresent(series::add);
    return series;
  }

  private static boolean estimated(Plan plan, List<RegisterReading> series) {
    Duration stale = Duration.ofHours(plan.staleHours());
    RegisterReading closing = series.get(series.size() - 1);
    boolean closingStale = closing.ts().isBefore(plan.period().end().minus(stale));
    boolean openingStale =
        plan.carriedOpening() == null
            && series.get(0).ts().isBefore(plan.openingBoundary().minus(stale));
    return closingStale || openingStale;
  }

  private static Instant latest(Instant a, Instant... others) {
    Instant m = a;
    for (Instant o : others) {
      m = o.isAfter(m) ? o : m;
    }
    return m;
  }

  private static List<String> postpaidAccounts(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select account_id from ledger_accounts where payment_mode = 'postpaid' order by account_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** When the account last became postpaid (opened postpaid, or switched). */
  private static Optional<Instant> postpaidSince(Connection c, String accountId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select effective_at from ledger_payment_mode_changes "
                + "where account_id = ? and to_mode = 'postpaid' order by effective_at desc, id desc limit 1")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }

  private static Optional<String> meterAt(Connection c, String accountId, Instant end)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select meter_serial from ledger_account_meters "
                + "where account_id = ? and valid_from < ? and (valid_to is null or valid_to >= ?) "
                + "order by valid_from desc limit 1")) {
      ps.setString(1, accountId);
      ps.setTimestamp(2, ts(end));
      ps.setTimestamp(3, ts(end));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
