package org.urja.ledger.alerts;

import static org.urja.ledger.db.Sql.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.journal.BalanceChange;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.money.IndianFormat;
import org.urja.ledger.money.Money;
import org.urja.ledger.payment.Receipt;
import org.urja.ledger.payment.ReceiptListener;

/**
 * Balance alerts, evaluated in the transaction of the journal entries that moved the balance.
 *
 * <p>Each threshold (a percentage of the last recharge, or fewer days of supply than configured) is
 * announced once: it is remembered in {@code ledger_alert_marks} until the next recharge re-arms
 * all thresholds. When one movement crosses several percentages at once, only the lowest is sent.
 * Also queues the recharge receipt message.
 */
public final class BalanceAlerts implements BalanceListener, ReceiptListener {

  static final String DAYS_MARK = "days";

  private final Notifier notifier;

  public BalanceAlerts(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void onBalanceChanges(Connection c, List<BalanceChange> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    Map<String, Account> accounts =
        AccountRegistry.findAll(c, changes.stream().map(BalanceChange::accountId).toList());
    List<BalanceChange> prepaid =
        changes.stream().filter(ch -> accounts.get(ch.accountId()).isPrepaid()).toList();
    if (prepaid.isEmpty()) {
      return;
    }
    Map<String, UtilitySettings> settings = new HashMap<>();
    Map<String, Set<String>> marks = marks(c, prepaid);
    List<BalanceChange> daysCandidates = new ArrayList<>();
    for (BalanceChange ch : prepaid) {
      Account account = accounts.get(ch.accountId());
      UtilitySettings s = settings.computeIfAbsent(account.utilityId(), u -> load(c, u));
      Set<String> fired = marks.computeIfAbsent(ch.accountId(), a -> new HashSet<>());
      if (ch.recharged()) {
        clearMarks(c, ch.accountId());
        fired.clear();
      }
      percentageAlert(c, account, ch, s, fired);
      if (s.daysLeftAlert() > 0 && ch.afterPaise() > 0 && !fired.contains(DAYS_MARK)) {
        daysCandidates.add(ch);
      }
    }
    if (daysCandidates.isEmpty()) {
      return;
    }
    // one statement for the whole batch: a charging transaction moves hundreds of balances at once
    Map<String, Long> spends =
        averageDailySpends(
            c,
            daysCandidates,
            ch -> settings.get(accounts.get(ch.accountId()).utilityId()).averageWindowDays());
    for (BalanceChange ch : daysCandidates) {
      Account account = accounts.get(ch.accountId());
      daysAlert(
          c,
          account,
          ch,
          settings.get(account.utilityId()),
          marks.get(ch.accountId()),
          spends.getOrDefault(ch.accountId(), 0L));
    }
  }

  @Override
  public void onReceipt(Connection c, Receipt r) throws SQLException {
    Account account = AccountRegistry.find(c, r.accountId()).orElseThrow();
    Map<String, String> params =
        new java.util.HashMap<>(
            Map.of(
                "amount",
                Money.ofPaise(r.amountPaise()).format(),
                "receipt",
                r.receiptNumber(),
                "reference",
                r.gatewayReference(),
                "when",
                IndianFormat.dateTime(r.receivedAt()),
                "balance",
                Money.ofPaise(r.balanceAfterPaise()).format()));
    if (r.arrearsRecoveredPaise() > 0) {
      params.put("arrearsRecovered", Money.ofPaise(r.arrearsRecoveredPaise()).format());
      params.put("arrearsOutstanding", Money.ofPaise(r.arrearsOutstandingPaise()).format());
    }
    notifier.notify(
        c, account, NotificationKind.RECHARGE_RECEIPT, params, "receipt:" + r.receiptNumber());
  }

  private void percentageAlert(
      Connection c, Account account, BalanceChange ch, UtilitySettings s, Set<String> fired)
      throws SQLException {
    if (ch.lastRechargePaise() <= 0) {
      return;
    }
    Integer lowest = null;
    List<String> newMarks = new ArrayList<>();
    for (int pct : s.alertPercentages()) {
      // balances are whole paise, so comparing with the floor is the same as with the exact
      // fraction
      long threshold = ch.lastRechargePaise() * pct / 100;
      String key = "pct:" + pct;
      if (ch.afterPaise() <= threshold && !fired.contains(key)) {
        newMarks.add(key);
        lowest = lowest == null ? pct : Math.min(lowest, pct);
      }
    }
    if (lowest == null) {
      return;
    }
    for (String key : newMarks) {
      mark(c, ch, key);
      fired.add(key);
    }
    NotificationKind kind =
        lowest == 0 ? NotificationKind.BALANCE_EXHAUSTED : NotificationKind.BALANCE_LOW;
    notifier.notify(
        c,
        account,
        kind,
        Map.of(
            "balance",
            Money.ofPaise(ch.afterPaise()).format(),
            "percent",
            Integer.toString(lowest),
            "lastRecharge",
            Money.ofPaise(ch.lastRechargePaise()).format()),
        "pct:" + lowest + ":" + ch.accountId() + ":" + cycle(c, ch.accountId()));
  }

  private void daysAlert(
      Connection c,
      Account account,
      BalanceChange ch,
      UtilitySettings s,
      Set<String> fired,
      long spend)
      throws SQLException {
    if (spend <= 0 || ch.afterPaise() >= spend * s.daysLeftAlert()) {
      return;
    }
    mark(c, ch, DAYS_MARK);
    fired.add(DAYS_MARK);
    notifier.notify(
        c,
        account,
        NotificationKind.DAYS_OF_SUPPLY_LOW,
        Map.of(
            "balance",
            Money.ofPaise(ch.afterPaise()).format(),
            "days",
            Long.toString(ch.afterPaise() / spend)),
        "days:" + ch.accountId() + ":" + cycle(c, ch.accountId()));
  }

  /**
   * Paise per day each account spent on energy and fixed charges over the window (of its utility's
   * {@code averageWindowDays}) ending at its latest movement, for all accounts in one statement.
   */
  private static Map<String, Long> averageDailySpends(
      Connection c, List<BalanceChange> changes, ToIntFunction<BalanceChange> windowDays)
      throws SQLException {
    int n = changes.size();
    Object[] accounts = new Object[n];
    Object[] from = new Object[n];
    Object[] until = new Object[n];
    Integer[] days = new Integer[n];
    for (int i = 0; i < n; i++) {
      BalanceChange ch = changes.get(i);
      days[i] = windowDays.applyAsInt(ch);
      accounts[i] = ch.accountId();
      from[i] = ch.lastOccurredAt().minus(Duration.ofDays(days[i])).toString();
      until[i] = ch.lastOccurredAt().toString();
    }
    Map<String, Long> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select u.a, u.d, coalesce(-(select sum(e.amount_paise) from ledger_entries e where e.account_id = u.a "
                + "and e.kind in ('deduction', 'fixed_charge') and e.occurred_at > u.f::timestamptz "
                + "and e.occurred_at <= u.t::timestamptz), 0) "
                + "from unnest(?::text[], ?::text[], ?::text[], ?::int[]) as u(a, f, t, d)")) {
      ps.setArray(1, c.createArrayOf("text", accounts));
      ps.setArray(2, c.createArrayOf("text", from));
      ps.setArray(3, c.createArrayOf("text", until));
      ps.setArray(4, c.createArrayOf("integer", days));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(3) / rs.getInt(2));
        }
      }
    }
    return out;
  }

  /** Identifies the recharge cycle, so that de-duplication keys repeat only within one cycle. */
  private static String cycle(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select coalesce(max(id), 0) from ledger_entries where account_id = ? and kind = 'recharge'")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Long.toString(rs.getLong(1));
      }
    }
  }

  private static Map<String, Set<String>> marks(Connection c, List<BalanceChange> changes)
      throws SQLException {
    Map<String, Set<String>> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select account_id, alert_key from ledger_alert_marks where account_id = any(?)")) {
      ps.setArray(
          1, c.createArrayOf("text", changes.stream().map(BalanceChange::accountId).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), a -> new HashSet<>()).add(rs.getString(2));
        }
      }
    }
    return out;
  }

  private static void mark(Connection c, BalanceChange ch, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_alert_marks (account_id, alert_key, fired_at) values (?, ?, ?) on conflict do nothing")) {
      ps.setString(1, ch.accountId());
      ps.setString(2, key);
      ps.setTimestamp(3, ts(ch.lastOccurredAt()));
      ps.executeUpdate();
    }
  }

  private static void clearMarks(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("delete from ledger_alert_marks where account_id = ?")) {
      ps.setString(1, accountId);
      ps.executeUpdate();
    }
  }

  private static UtilitySettings load(Connection c, String utilityId) {
    try {
      return UtilityRegistry.settings(c, utilityId);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
