package org.urja.ledger.charging;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** The last charged register value per meter, locked for the batch and written back in one statement. */
final class ChargeState {

  record Position(String accountId, BigDecimal wh, Instant ts) {}

  private final Map<String, Position> positions;
  private final Map<String, Position> dirty = new HashMap<>();

  private ChargeState(Map<String, Position> positions) {
    this.positions = positions;
  }

  static ChargeState lock(Connection c, Collection<String> meterSerials) throws SQLException {
    Map<String, Position> positions = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "select meter_serial, account_id, last_wh, last_ts from ledger_meter_charge_state "
            + "where meter_serial = any(?) order by meter_serial for update")) {
      ps.setArray(1, c.createArrayOf("text", new TreeSet<>(meterSerials).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          positions.put(rs.getString(1),
              new Position(rs.getString(2), rs.getBigDecimal(3), rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return new ChargeState(positions);
  }

  Position get(String meterSerial) {
    return positions.get(meterSerial);
  }

  void advance(String meterSerial, Position p) {
    positions.put(meterSerial, p);
    dirty.put(meterSerial, p);
  }

  void save(Connection c) throws SQLException {
    if (dirty.isEmpty()) {
      return;
    }
    int n = dirty.size();
    Object[] meters = new Object[n];
    Object[] accounts = new Object[n];
    Object[] wh = new Object[n];
    Object[] ts = new Object[n];
    int i = 0;
    for (Map.Entry<String, Position> e : dirty.entrySet()) {
      meters[i] = e.getKey();
      accounts[i] = e.getValue().accountId();
      wh[i] = e.getValue().wh();
      ts[i] = e.getValue().ts().toString();
      i++;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "insert into ledger_meter_charge_state (meter_serial, account_id, last_wh, last_ts) "
            + "select m, a, w, t::timestamptz from unnest(?::text[], ?::text[], ?::numeric[], ?::text[]) as u(m, a, w, t) "
            + "on conflict (meter_serial) do update set account_id = excluded.account_id, last_wh = excluded.last_wh, "
            + "last_ts = excluded.last_ts, updated_at = now()")) {
      ps.setArray(1, c.createArrayOf("text", meters));
      ps.setArray(2, c.createArrayOf("text", accounts));
      ps.setArray(3, c.createArrayOf("numeric", wh));
      ps.setArray(4, c.createArrayOf("text", ts));
      ps.executeUpdate();
    }
    dirty.clear();
  }
}
