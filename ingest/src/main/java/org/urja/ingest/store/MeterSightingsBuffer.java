package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.urja.ingest.identity.MeterSerials;

/**
 * The latest sighting of each meter (address, transport, time), kept in memory and written to
 * {@code meters} in one statement per flush, so last_seen is not an UPDATE per reading. Serials
 * that break {@link MeterSerials} are not kept: a flood of invented serials cannot grow this map.
 */
final class MeterSightingsBuffer {
  private record Sighting(String remoteAddress, String transport, Instant at) {}

  private final DataSource dataSource;
  private final Map<String, Sighting> pending = new ConcurrentHashMap<>();

  MeterSightingsBuffer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void touch(String serial, String remoteAddress, String transport) {
    if (!MeterSerials.isValid(serial)) {
      return;
    }
    pending.put(serial, new Sighting(remoteAddress, transport, Instant.now()));
  }

  /** Writes pending sightings to {@code meters}; returns how many meters were updated. */
  int flush() throws SQLException {
    if (pending.isEmpty()) {
      return 0;
    }
    List<String> serials = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    List<String> transports = new ArrayList<>();
    List<Timestamp> seen = new ArrayList<>();
    for (String serial : List.copyOf(pending.keySet())) {
      Sighting s = pending.remove(serial);
      if (s != null) {
        serials.add(serial);
        addresses.add(s.remoteAddress());
        transports.add(s.transport());
        seen.add(Timestamp.from(s.at()));
      }
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE meters m SET last_seen = GREATEST(m.last_seen, s.seen),"
                    + " first_seen = COALESCE(m.first_seen, s.seen),"
                    + " remote_address = COALESCE(s.address, m.remote_address),"
                    + " transport = COALESCE(s.transport, m.transport)"
                    + " FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])"
                    + " AS s(serial, address, transport, seen) WHERE m.serial = s.serial")) {
      ps.setArray(1, c.createArrayOf("text", serials.toArray()));
      ps.setArray(2, c.createArrayOf("text", addresses.toArray()));
      ps.setArray(3, c.createArrayOf("text", transports.toArray()));
      ps.setArray(4, c.createArrayOf("timestamptz", seen.toArray()));
      return ps.executeUpdate();
    }
  }
}
