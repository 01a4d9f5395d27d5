package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.urja.ingest.reading.MeterEvent;

/** Events are few next to readings, so one unnest INSERT ... ON CONFLICT is all they need. */
final class EventInserter {

  private static final String SQL =
      "INSERT INTO meter_events (meter_id, code, ts, source)"
          + " SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[]::timestamptz[], ?::text[])"
          + " ON CONFLICT (meter_id, code, ts) DO NOTHING RETURNING meter_id, code, ts";

  private EventInserter() {}

  /** {@code events} maps distinct keys to their event; returns the keys newly inserted. */
  static Set<EventKey> insert(Connection c, Map<EventKey, MeterEvent> events) throws SQLException {
    Set<EventKey> inserted = new HashSet<>();
    if (events.isEmpty()) {
      return inserted;
    }
    List<Map.Entry<EventKey, MeterEvent>> rows = List.copyOf(events.entrySet());
    int n = rows.size();
    Long[] meterIds = new Long[n];
    Integer[] codes = new Integer[n];
    String[] ts = new String[n];
    String[] sources = new String[n];
    for (int i = 0; i < n; i++) {
      EventKey k = rows.get(i).getKey();
      meterIds[i] = k.meterId();
      codes[i] = k.code();
      ts[i] = k.ts().toString();
      sources[i] = rows.get(i).getValue().source();
    }
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setArray(1, c.createArrayOf("bigint", meterIds));
      ps.setArray(2, c.createArrayOf("integer", codes));
      ps.setArray(3, c.createArrayOf("text", ts));
      ps.setArray(4, c.createArrayOf("text", sources));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(
              new EventKey(
                  rs.getLong(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return inserted;
  }
}
