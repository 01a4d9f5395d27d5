package org.urja.ledger.alerts;

import static org.urja.ledger.db.Sql.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.db.Json;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.money.IndianFormat;
import org.urja.ledger.money.Money;

/**
 * The daily message some utilities send every prepaid consumer: the balance, yesterday's charges
 * (energy and fixed, by the utility's calendar day) and the days of supply left. Off unless a
 * utility sets {@link UtilitySettings#dailySummaryAt()}. Run it every few minutes on any node: from
 * that local time on, it sends to the accounts that have no message for the day yet, a thousand per
 * transaction, so a crash or a second node only continues where the first left off (the outbox's
 * key {@code daily:{account}:{date}} makes a repeat impossible).
 */
public final class DailySummaries {
  private static final int BATCH = 1_000;

  private final Transactions tx;
  private final Notifier notifier;

  public DailySummaries(Transactions tx, Notifier notifier) {
    this.tx = tx;
    this.notifier = notifier;
  }

  /** Sends what is due at {@code now}; returns how many consumers were messaged. */
  public int run(Instant now) {
    Map<String, UtilitySettings> utilities =
        tx.inTransaction(DailySummaries::utilitiesWithSummaries);
    int sent = 0;
    for (Map.Entry<String, UtilitySettings> u : utilities.entrySet()) {
      UtilitySettings settings = u.getValue();
      ZonedDateTime local = now.atZone(ZoneId.of(settings.zone()));
      if (local.toLocalTime().isBefore(settings.dailySummaryAt())) {
        continue;
      }
      int batch;
      do {
        batch = tx.inTransaction(c -> sendBatch(c, u.getKey(), settings, local, now));
        sent += batch;
      } while (batch == BATCH);
    }
    return sent;
  }

  private int sendBatch(
      Connection c, String utilityId, UtilitySettings settings, ZonedDateTime local, Instant now)
      throws SQLException {
    LocalDate today = local.toLocalDate();
    List<String> due = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select a.account_id from ledger_accounts a where a.utility_id = ? "
                + "and a.payment_mode = 'prepaid' and not exists (select 1 from notification_outbox o where o.dedup_key = "
                + "'daily:' || a.account_id || ':' || ?) order by a.account_id limit ?")) {
      ps.setString(1, utilityId);
      ps.setString(2, today.toString());
      ps.setInt(3, BATCH);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(rs.getString(1));
        }
      }
    }
    Map<String, Account> accounts = AccountRegistry.findAll(c, due);
    ZoneId zone = local.getZone();
    Instant todayStart = today.atStartOfDay(zone).toInstant();
    Instant yesterdayStart = today.minusDays(1).atStartOfDay(zone).toInstant();
    Instant windowStart =
        today.minusDays(settings.averageWindowDays()).atStartOfDay(zone).toInstant();
    Map<String, long[]> figures = figures(c, due, yesterdayStart, todayStart, windowStart);
    for (String accountId : due) {
      long[] f = figures.getOrDefault(accountId, new long[3]);
      long balance = f[0];
      long perDay = f[2] / Math.max(1, settings.averageWindowDays());
      Map<String, String> params = new LinkedHashMap<>();
      params.put("balance", Money.ofPaise(balance).format());
      params.put("when", IndianFormat.dateTime(now));
      params.put("spent", Money.ofPaise(f[1]).format());
      if (perDay > 0 && balance > 0) {
        params.put("days", String.valueOf(balance / perDay));
      }
      notifier.notify(
          c,
          accounts.get(accountId),
          NotificationKind.DAILY_SUMMARY,
          params,
          "daily:" + accountId + ":" + today);
    }
    return due.size();
  }

  /**
   * Per account of the batch, in one statement: balance, yesterday's charges, the window's charges
   * (paise).
   */
  private static Map<String, long[]> figures(
      Connection c,
      List<String> accountIds,
      Instant yesterdayStart,
      Instant todayStart,
      Instant windowStart)
      throws SQLException {
    Map<String, long[]> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select b.account_id, b.balance_paise, "
                + "coalesce(-sum(e.amount_paise) filter (where e.occurred_at >= ? and e.occurred_at < ?), 0), "
                + "coalesce(-sum(e.amount_paise) filter (where e.occurred_at < ?), 0) "
                + "from balances b left join ledger_entries e on e.account_id = b.account_id "
                + "and e.kind in ('deduction', 'fixed_charge') and e.occurred_at >= ? "
                + "where b.account_id = any(?) group by b.account_id, b.balance_paise")) {
      ps.setTimestamp(1, ts(yesterdayStart));
      ps.setTimestamp(2, ts(todayStart));
      ps.setTimestamp(3, ts(todayStart));
      ps.setTimestamp(4, ts(windowStart));
      ps.setArray(5, c.createArrayOf("text", accountIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        }
      }
    }
    return out;
  }

  private static Map<String, UtilitySettings> utilitiesWithSummaries(Connection c)
      throws SQLException {
    Map<String, UtilitySettings> out = new HashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select utility_id, settings::text from ledger_utilities where settings->>'dailySummaryAt' is not null");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        UtilitySettings s = Json.read(rs.getString(2), UtilitySettings.class);
        if (s.dailySummaryAt() != null) {
          out.put(rs.getString(1), s);
        }
      }
    }
    return out;
  }
}
