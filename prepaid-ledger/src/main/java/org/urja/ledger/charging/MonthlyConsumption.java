package org.urja.ledger.charging;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.charging.ChargingRules.MonthKey;

/**
 * SQL of {@code ledger_monthly_consumption}, month-to-date kWh per account: the slab position. Read
 * and written under the accounts' balance locks, so no two writers interleave on one account.
 */
final class MonthlyConsumption {

  private MonthlyConsumption() {}

  static Map<MonthKey, BigDecimal> load(
      Connection c, Collection<AccountId> accounts, LocalDate fromMonth) throws SQLException {
    Map<MonthKey, BigDecimal> kwh = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select account_id, billing_month, kwh from ledger_monthly_consumption "
                + "where account_id = any(?) and billing_month >= ?")) {
      ps.setArray(1, c.createArrayOf("text", accounts.stream().map(AccountId::value).toArray()));
      ps.setDate(2, Date.valueOf(fromMonth));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          kwh.put(
              new MonthKey(AccountId.of(rs.getString(1)), rs.getDate(2).toLocalDate()),
              rs.getBigDecimal(3));
        }
      }
    }
    return kwh;
  }

  /**
   * Writes the new month-to-date figures: one {@code UPDATE … FROM unnest} for the (account, month)
   * rows {@link #load} found, one upsert for the rest (a month's first charge). Both under the
   * accounts' balance locks, so a row that was loaded is still there.
   */
  static void save(Connection c, Map<MonthKey, BigDecimal> changed, Set<MonthKey> loaded)
      throws SQLException {
    Map<MonthKey, BigDecimal> known = new LinkedHashMap<>();
    Map<MonthKey, BigDecimal> first = new LinkedHashMap<>();
    for (Map.Entry<MonthKey, BigDecimal> e : changed.entrySet()) {
      (loaded.contains(e.getKey()) ? known : first).put(e.getKey(), e.getValue());
    }
    write(
        c,
        known,
        "update ledger_monthly_consumption c set kwh = u.k "
            + "from unnest(?::text[], ?::text[], ?::numeric[]) as u(a, m, k) "
            + "where c.account_id = u.a and c.billing_month = u.m::date");
    write(
        c,
        first,
        "insert into ledger_monthly_consumption (account_id, billing_month, kwh) "
            + "select a, m::date, k from unnest(?::text[], ?::text[], ?::numeric[]) as u(a, m, k) "
            + "on conflict (account_id, billing_month) do update set kwh = excluded.kwh");
  }

  private static void write(Connection c, Map<MonthKey, BigDecimal> rows, String sql)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    Object[] accounts = new Object[n];
    Object[] months = new Object[n];
    Object[] values = new Object[n];
    int i = 0;
    for (Map.Entry<MonthKey, BigDecimal> e : rows.entrySet()) {
      accounts[i] = e.getKey().account().value();
      months[i] = e.getKey().month().toString();
      values[i] = e.getValue();
      i++;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", accounts));
      ps.setArray(2, c.createArrayOf("text", months));
      ps.setArray(3, c.createArrayOf("numeric", values));
      ps.executeUpdate();
    }
  }
}
