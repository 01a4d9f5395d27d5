package org.urja.ingest.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

/** Small SQL helpers shared by the writers. */
final class SqlNames {

  private SqlNames() {}

  // Table names are spliced into SQL (they are configuration, never input); allow plain names only.
  static void requirePlain(String table) {
    if (!table.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain table name: " + table);
    }
  }

  /** Reads a RETURNING meter_id, obis, ts result into keys and closes it. */
  static Set<ReadingKey> readingKeys(ResultSet rs) throws SQLException {
    try (rs) {
      Set<ReadingKey> keys = new HashSet<>();
      while (rs.next()) {
        keys.add(
            new ReadingKey(
                rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
      }
      return keys;
    }
  }
}
