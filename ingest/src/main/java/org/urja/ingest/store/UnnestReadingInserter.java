package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** One statement per batch: five arrays unnested into rows, duplicates skipped by the PK. */
public final class UnnestReadingInserter implements ReadingInserter {

  private final String sql;

  public UnnestReadingInserter(String table) {
    SqlNames.requirePlain(table);
    this.sql =
        "INSERT INTO " + table + " (meter_id, obis, ts, value, unit)"
            + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[]::timestamptz[],"
            + " ?::text[]::numeric[], ?::text[])"
            + " ON CONFLICT (meter_id, obis, ts) DO NOTHING RETURNING meter_id, obis, ts";
  }

  @Override
  public Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows) throws SQLException {
    int n = rows.size();
    Long[] meterIds = new Long[n];
    String[] obis = new String[n];
    String[] ts = new String[n];
    String[] values = new String[n];
    String[] units = new String[n];
    for (int i = 0; i < n; i++) {
      ResolvedReading r = rows.get(i);
      meterIds[i] = r.meterId();
      obis[i] = r.obis();
      ts[i] = r.ts().toString(); // ISO-8601 in UTC: independent of JVM and session time zones
      values[i] = r.value().toPlainString();
      units[i] = r.unit();
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("bigint", meterIds));
      ps.setArray(2, c.createArrayOf("text", obis));
      ps.setArray(3, c.createArrayOf("text", ts));
      ps.setArray(4, c.createArrayOf("text", values));
      ps.setArray(5, c.createArrayOf("text", units));
      return SqlNames.readingKeys(ps.executeQuery());
    }
  }
}
