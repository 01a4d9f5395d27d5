package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.obis.ObisCode;

/**
 * Ingest's query face on stored register readings, for other modules (the ledger's charge catch-up
 * asks which energy readings it has not charged): records, never result sets, so the tables {@code
 * readings} and {@code meters} stay ingest's own. Plain SQL valid on PostgreSQL and TimescaleDB.
 */
public final class StoredRegisters {

  private final DataSource dataSource;

  public StoredRegisters(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * For each meter in {@code after}, its newest stored reading of {@code obis} later than the time
   * given for it, if there is one; one statement for all meters.
   */
  public List<Reading> newestAfter(ObisCode obis, Map<String, Instant> after) throws SQLException {
    if (after.isEmpty()) {
      return List.of();
    }
    Object[] serials = new Object[after.size()];
    Object[] times = new Object[after.size()];
    int i = 0;
    for (Map.Entry<String, Instant> e : after.entrySet()) {
      serials[i] = e.getKey();
      times[i] = e.getValue().toString();
      i++;
    }
    String obisText = ResolvedReading.obisText(obis);
    List<Reading> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
        SELECT u.serial, r.ts, r.value, r.unit
        FROM unnest(?::text[], ?::text[]) AS u(serial, after)
        JOIN meters m ON m.serial = u.serial
        JOIN LATERAL (
          SELECT ts, value, unit FROM readings
          WHERE meter_id = m.id AND obis = ? AND ts > u.after::timestamptz
          ORDER BY ts DESC LIMIT 1) r ON true""")) {
      ps.setArray(1, c.createArrayOf("text", serials));
      ps.setArray(2, c.createArrayOf("text", times));
      ps.setString(3, obisText);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Reading(
                  rs.getString(1),
                  obis,
                  rs.getTimestamp(2).toInstant(),
                  rs.getBigDecimal(3),
                  rs.getString(4)));
        }
      }
    }
    return out;
  }
}
