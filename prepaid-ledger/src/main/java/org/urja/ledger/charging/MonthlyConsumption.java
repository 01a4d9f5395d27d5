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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Month-to-date kWh per account: the slab position. Read and written under the accounts' balance
 * locks, so no two writers interleave on one account.
 */
final class MonthlyConsumption {

  private record Key(String accountId, LocalDate month) {}

  private final Map<Key, BigDecimal> kwh = new HashMap<>();
  private final Set<Key> dirty = new HashSet<>();

  static MonthlyConsumption load(Connection c, Collection<String> accountIds, LocalDate fromMonth)
      throws SQLException {
    MonthlyConsumption m = new MonthlyConsumption();
    try (PreparedStatement ps = c.prepareStatement(
        "select account_id, billing_month, kwh from ledger_monthly_consumption "
            + "where account_id = any(?) and billing_month >= ?")) {
      ps.setArray(1, c.createArrayOf("text", accountIds.toArray()));
      ps.setDate(2, Date.valueOf(fromMonth));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.kwh.put(new Key(rs.getString(1), rs.getDate(2).toLocalDate()), rs.getBigDecimal(3));
        }
      }
    }
    return m;
  }

  BigDecimal monthToDate(String accountId, LocalDate month) {
    return kwh.getOrDefault(new Key(accountId, month), BigDecimal.ZERO);
  }

  void add(String accountId, LocalDate month, BigDecimal delta) {
    Key k = new Key(accountId, month);
    kwh.merge(k, delta, BigDecimal::add);
    dirty.add(k);
  }

  void save(Connection c) throws SQLException {
    if (dirty.isEmpty()) {
      return;
    }
    Object[] accounts = dirty.stream().map(Key::accountId).toArray();
    Object[] months = dirty.stream().map(k -> k.month().toString()).toArray();
    Object[] values = dirty.stream().map(kwh::get).toArray();
    try (PreparedStatement ps = c.prepareStatement(
        "insert into ledger_monthly_consumption (account_id, billing_month, kwh) "
            + "select a, m::date, k from unnest(?::text[], ?::text[], ?::numeric[]) as u(a, m, k) "
            + "on conflict (account_id, billing_month) do update set kwh = excluded.kwh")) {
      ps.setArray(1, c.createArrayOf("text", accounts));
      ps.setArray(2, c.createArrayOf("text", months));
      ps.setArray(3, c.createArrayOf("numeric", values));
      ps.executeUpdate();
    }
    dirty.clear();
  }
}
