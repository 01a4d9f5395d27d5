package org.urja.ledger.charging;

import static org.urja.ledger.db.Sql.ts;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Writes review events to {@code ledger_anomalies}; one row per meter, reading time and kind. */
final class AnomalyLog {

  static final String REGISTER_BACKWARDS = "register_backwards";
  static final String NO_TARIFF = "no_tariff";

  private AnomalyLog() {}

  /** True while the meter has an unresolved anomaly of this kind: later readings are only counted. */
  static boolean hasOpen(Connection c, String meterSerial, String kind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "select 1 from ledger_anomalies where meter_serial = ? and kind = ? and resolved_at is null limit 1")) {
      ps.setString(1, meterSerial);
      ps.setString(2, kind);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void record(Connection c, String kind, String meterSerial, String accountId, BigDecimal previousWh,
      Instant previousTs, BigDecimal readingWh, Instant readingTs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "insert into ledger_anomalies (meter_serial, account_id, kind, previous_wh, previous_ts, reading_wh, reading_ts) "
            + "values (?, ?, ?, ?, ?, ?, ?) on conflict (meter_serial, reading_ts, kind) do nothing")) {
      ps.setString(1, meterSerial);
      ps.setString(2, accountId);
      ps.setString(3, kind);
      ps.setBigDecimal(4, previousWh);
      ps.setTimestamp(5, ts(previousTs));
      ps.setBigDecimal(6, readingWh);
      ps.setTimestamp(7, ts(readingTs));
      ps.executeUpdate();
    }
  }
}
