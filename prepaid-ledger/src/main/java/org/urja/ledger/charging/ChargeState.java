package org.urja.ledger.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.account.MeterSerial;

/**
 * SQL of {@code ledger_meter_charge_state}: the meters' positions, locked for a batch and written
 * back in one statement.
 */
final class ChargeState {

  private ChargeState() {}

  /** Locks the positions of these meters (in serial order) until the transaction ends. */
  static Map<MeterSerial, ChargePosition> lock(Connection c, Collection<MeterSerial> meters)
      throws SQLException {
    Map<MeterSerial, ChargePosition> positions = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select meter_serial, account_id, last_wh, last_ts from ledger_meter_charge_state "
                + "where meter_serial = any(?) order by meter_serial for update")) {
      ps.setArray(
          1,
          c.createArrayOf(
              "text", new TreeSet<>(meters).stream().map(MeterSerial::value).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          positions.put(
              MeterSerial.of(rs.getString(1)),
              new ChargePosition(
                  AccountId.of(rs.getString(2)),
                  rs.getBigDecimal(3),
                  rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return positions;
  }

  /**
   * Writes the moved positions: one {@code UPDATE … FROM unnest} for the meters that had a position
   * (locked by {@link #lock}, so they are there), one upsert for the first positions of new meters.
   * An upsert costs PostgreSQL a speculative insert into the index before it updates; most batches
   * only move positions that exist.
   */
  static void save(Connection c, Map<MeterSerial, ChargePosition> moved, Set<MeterSerial> locked)
      throws SQLException {
    Map<MeterSerial, ChargePosition> known = new LinkedHashMap<>();
    Map<MeterSerial, ChargePosition> first = new LinkedHashMap<>();
    for (Map.Entry<MeterSerial, ChargePosition> e : moved.entrySet()) {
      (locked.contains(e.getKey()) ? known : first).put(e.getKey(), e.getValue());
    }
    write(
        c,
        known,
        "update ledger_meter_charge_state s set account_id = u.a, last_wh = u.w, "
            + "last_ts = u.t::timestamptz, updated_at = now() "
            + "from unnest(?::text[], ?::text[], ?::numeric[], ?::text[]) as u(m, a, w, t) "
            + "where s.meter_serial = u.m");
    // another node may see the same new meter at the same time: the later one updates
    write(
        c,
        first,
        "insert into ledger_meter_charge_state (meter_serial, account_id, last_wh, last_ts) "
            + "select m, a, w, t::timestamptz from unnest(?::text[], ?::text[], ?::numeric[], ?::text[]) as u(m, a, w, t) "
            + "on conflict (meter_serial) do update set account_id = excluded.account_id, last_wh = excluded.last_wh, "
            + "last_ts = excluded.last_ts, updated_at = now()");
  }

  private static void write(Connection c, Map<MeterSerial, ChargePosition> rows, String sql)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    Object[] meters = new Object[n];
    Object[] accounts = new Object[n];
    Object[] wh = new Object[n];
    Object[] ts = new Object[n];
    int i = 0;
    for (Map.Entry<MeterSerial, ChargePosition> e : rows.entrySet()) {
      meters[i] = e.getKey().value();
      accounts[i] = e.getValue().account().value();
      wh[i] = e.getValue().wh();
      ts[i] = e.getValue().ts().toString();
      i++;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", meters));
      ps.setArray(2, c.createArrayOf("text", accounts));
      ps.setArray(3, c.createArrayOf("numeric", wh));
      ps.setArray(4, c.createArrayOf("text", ts));
      ps.executeUpdate();
    }
  }
}
