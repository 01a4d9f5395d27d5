package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.urja.ingest.db.ReadingRows;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;

/**
 * Keeps data from meters that may not write to the time-series tables (unknown under the QUARANTINE
 * policy, or quarantined) and hands it over when the meter is registered.
 */
final class QuarantineStore {

  private QuarantineStore() {}

  /** Returns how many readings were newly kept (duplicates of kept rows are skipped). */
  static int keepReadings(Connection c, List<Reading> readings) throws SQLException {
    if (readings.isEmpty()) {
      return 0;
    }
    int n = readings.size();
    String[] serials = new String[n];
    String[] obis = new String[n];
    String[] ts = new String[n];
    String[] values = new String[n];
    String[] units = new String[n];
    for (int i = 0; i < n; i++) {
      Reading r = readings.get(i);
      serials[i] = r.meterSerial();
      obis[i] = r.obis().toString();
      ts[i] = r.timestamp().toString();
      values[i] = r.value().toPlainString();
      units[i] = r.unit();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO unknown_meter_readings (meter_serial, obis, ts, value, unit)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[]::timestamptz[],"
                + " ?::text[]::numeric[], ?::text[]) ON CONFLICT DO NOTHING")) {
      ps.setArray(1, c.createArrayOf("text", serials));
      ps.setArray(2, c.createArrayOf("text", obis));
      ps.setArray(3, c.createArrayOf("text", ts));
      ps.setArray(4, c.createArrayOf("text", values));
      ps.setArray(5, c.createArrayOf("text", units));
      return ps.executeUpdate();
    }
  }

  static int keepEvents(Connection c, List<MeterEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return 0;
    }
    int n = events.size();
    String[] serials = new String[n];
    Integer[] codes = new Integer[n];
    String[] ts = new String[n];
    String[] sources = new String[n];
    for (int i = 0; i < n; i++) {
      MeterEvent e = events.get(i);
      serials[i] = e.meterSerial();
      codes[i] = e.code();
      ts[i] = e.timestamp().truncatedTo(ChronoUnit.MICROS).toString();
      sources[i] = e.source();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO unknown_meter_events (meter_serial, code, ts, source)"
                + " SELECT * FROM unnest(?::text[], ?::int[], ?::text[]::timestamptz[], ?::text[])"
                + " ON CONFLICT DO NOTHING")) {
      ps.setArray(1, c.createArrayOf("text", serials));
      ps.setArray(2, c.createArrayOf("integer", codes));
      ps.setArray(3, c.createArrayOf("text", ts));
      ps.setArray(4, c.createArrayOf("text", sources));
      return ps.executeUpdate();
    }
  }

  // Readings kept while their meter was unknown meet the same checks as live ones before they can
  // reach readings (and so the charge catch-up): beyond the clock tolerance in the future, before
  // the
  // meter's installation, or a negative energy register, they are held in suspect_readings instead.
  // A register going backwards is not judged here: these rows are older than what the meter sends
  // next.
  private static final String SUSPECT_REASON =
      "CASE WHEN u.ts > now() + ?::interval THEN 'future'"
          + " WHEN m.installed_at IS NOT NULL AND u.ts < m.installed_at THEN 'before_installation'"
          + " WHEN split_part(u.obis, '.', 4) = '8' AND u.value < 0 THEN 'negative_register' END";

  private static final String HOLD_SUSPECTS =
      "WITH moved AS (DELETE FROM unknown_meter_readings u USING meters m"
          + " WHERE u.meter_serial = m.serial AND m.status <> 'quarantined' AND (?::text IS NULL OR m.serial = ?)"
          + " AND "
          + SUSPECT_REASON
          + " IS NOT NULL"
          + " RETURNING m.id, u.obis, u.ts, u.value, u.unit, u.received_at, "
          + SUSPECT_REASON
          + " AS reason)"
          + " INSERT INTO suspect_readings (meter_id, obis, ts, value, unit, received_at, reason, detail)"
          + " SELECT id, obis, ts, value, unit, received_at, reason,"
          + " 'held when the readings kept for the unknown meter were released' FROM moved"
          + " ON CONFLICT (meter_id, obis, ts) DO NOTHING";

  /**
   * Moves the suspect among quarantined readings (of one serial, or every admitted one) to
   * suspect_readings.
   */
  private static int holdSuspects(Connection c, String serial, Duration clockTolerance)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(HOLD_SUSPECTS)) {
      ps.setString(1, serial);
      ps.setString(2, serial);
      ps.setString(3, clockTolerance.toString());
      ps.setString(4, clockTolerance.toString());
      return ps.executeUpdate();
    }
  }

  /**
   * Moves a meter's quarantined readings and events into readings/meter_events, in the caller's
   * transaction; suspect readings among them go to suspect_readings instead. Released readings do
   * not pass the batch writer's commit listeners: the ledger charges from the next live reading's
   * delta, which covers them.
   */
  static int release(Connection c, String serial, long meterId, Duration clockTolerance)
      throws SQLException {
    int moved = holdSuspects(c, serial, clockTolerance);
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH moved AS (DELETE FROM unknown_meter_readings WHERE meter_serial = ?"
                + " RETURNING obis, ts, value, unit, received_at)"
                + " INSERT INTO reading_rows ("
                + ReadingRows.STORED_COLUMNS
                + ")"
                + " SELECT "
                + ReadingRows.storedFrom("?::bigint", "obis", "ts", "value", "unit", "received_at")
                + " FROM moved"
                + " ON CONFLICT (meter_id, obis, ts) DO NOTHING")) {
      ps.setString(1, serial);
      ps.setLong(2, meterId);
      moved += ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH moved AS (DELETE FROM unknown_meter_events WHERE meter_serial = ?"
                + " RETURNING code, ts, source, received_at)"
                + " INSERT INTO meter_events (meter_id, code, ts, source, received_at)"
                + " SELECT ?, code, ts, source, received_at FROM moved"
                + " ON CONFLICT (meter_id, code, ts) DO NOTHING")) {
      ps.setString(1, serial);
      ps.setLong(2, meterId);
      moved += ps.executeUpdate();
    }
    return moved;
  }

  /** Like {@link #release} for every serial that now has an admitted meter row (autocommit). */
  static int releaseAdmitted(Connection c, Duration clockTolerance) throws SQLException {
    int moved = holdSuspects(c, null, clockTolerance);
    try (var st = c.createStatement()) {
      moved +=
          st.executeUpdate(
              "WITH moved AS (DELETE FROM unknown_meter_readings u USING meters m"
                  + " WHERE u.meter_serial = m.serial AND m.status <> 'quarantined'"
                  + " RETURNING m.id, u.obis, u.ts, u.value, u.unit, u.received_at)"
                  + " INSERT INTO reading_rows ("
                  + ReadingRows.STORED_COLUMNS
                  + ")"
                  + " SELECT "
                  + ReadingRows.storedFrom("id", "obis", "ts", "value", "unit", "received_at")
                  + " FROM moved ON CONFLICT (meter_id, obis, ts) DO NOTHING");
      moved +=
          st.executeUpdate(
              "WITH moved AS (DELETE FROM unknown_meter_events u USING meters m"
                  + " WHERE u.meter_serial = m.serial AND m.status <> 'quarantined'"
                  + " RETURNING m.id, u.code, u.ts, u.source, u.received_at)"
                  + " INSERT INTO meter_events (meter_id, code, ts, source, received_at)"
                  + " SELECT * FROM moved ON CONFLICT (meter_id, code, ts) DO NOTHING");
    }
    return moved;
  }
}
