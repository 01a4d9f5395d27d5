package org.urja.ledger.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.charging.ChargeDecision.Anomaly;

/** SQL of {@code ledger_anomalies}, the review items; one row per meter, reading time and kind. */
final class AnomalyLog {

  private AnomalyLog() {}

  /**
   * The meters among these with an unresolved review item of this kind: later readings are only
   * counted.
   */
  static Set<MeterSerial> open(Connection c, Collection<MeterSerial> meters, AnomalyKind kind)
      throws SQLException {
    Set<MeterSerial> open = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select distinct meter_serial from ledger_anomalies "
                + "where meter_serial = any(?) and kind = ? and resolved_at is null")) {
      ps.setArray(1, c.createArrayOf("text", meters.stream().map(MeterSerial::value).toArray()));
      ps.setString(2, kind.dbValue());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          open.add(MeterSerial.of(rs.getString(1)));
        }
      }
    }
    return open;
  }

  /** Records the batch's new review items with one {@code unnest} statement. */
  static void record(Connection c, List<Anomaly> anomalies) throws SQLException {
    if (anomalies.isEmpty()) {
      return;
    }
    int n = anomalies.size();
    Object[] meters = new Object[n];
    Object[] accounts = new Object[n];
    Object[] kinds = new Object[n];
    Object[] previousWh = new Object[n];
    Object[] previousTs = new Object[n];
    Object[] readingWh = new Object[n];
    Object[] readingTs = new Object[n];
    for (int i = 0; i < n; i++) {
      Anomaly a = anomalies.get(i);
      meters[i] = a.reading().meterSerial();
      accounts[i] = a.account().value();
      kinds[i] = a.kind().dbValue();
      previousWh[i] = a.previous().wh();
      previousTs[i] = a.previous().ts().toString();
      readingWh[i] = a.reading().wh();
      readingTs[i] = a.reading().ts().toString();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_anomalies (meter_serial, account_id, kind, previous_wh, previous_ts, reading_wh, reading_ts) "
                + "select m, a, k, pw, pt::timestamptz, rw, rt::timestamptz from unnest(?::text[], ?::text[], ?::text[], "
                + "?::numeric[], ?::text[], ?::numeric[], ?::text[]) as u(m, a, k, pw, pt, rw, rt) "
                + "on conflict (meter_serial, reading_ts, kind) do nothing")) {
      ps.setArray(1, c.createArrayOf("text", meters));
      ps.setArray(2, c.createArrayOf("text", accounts));
      ps.setArray(3, c.createArrayOf("text", kinds));
      ps.setArray(4, c.createArrayOf("numeric", previousWh));
      ps.setArray(5, c.createArrayOf("text", previousTs));
      ps.setArray(6, c.createArrayOf("numeric", readingWh));
      ps.setArray(7, c.createArrayOf("text", readingTs));
      ps.executeUpdate();
    }
  }
}
