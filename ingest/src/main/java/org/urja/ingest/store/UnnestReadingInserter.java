package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * One statement per batch: five arrays unnested into rows, duplicates skipped by the PK.
 *
 * <p>Ids and capture times travel as binary {@code bigint[]} (times as microseconds since the
 * Unix epoch, turned into timestamptz by integer arithmetic on the server): formatting ISO-8601
 * strings here and parsing them there cost more than the insert's own work on a 2-core machine.
 */
public final class UnnestReadingInserter implements ReadingInserter {

  private final String sql;

  public UnnestReadingInserter(String table) {
    SqlNames.requirePlain(table);
    this.sql =
        "INSERT INTO " + table + " (meter_id, obis, ts, value, unit)"
            + " SELECT m, o, timestamptz 'epoch' + us * interval '1 microsecond', v, u"
            + " FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[]::numeric[], ?::text[]) AS r(m, o, us, v, u)"
            + " ON CONFLICT (meter_id, obis, ts) DO NOTHING RETURNING meter_id, obis, ts";
  }

  @Override
  public Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows) throws SQLException {
    int n = rows.size();
    long[] meterIds = new long[n];
    String[] obis = new String[n];
    long[] micros = new long[n];
    String[] values = new String[n];
    String[] units = new String[n];
    for (int i = 0; i < n; i++) {
      ResolvedReading r = rows.get(i);
      meterIds[i] = r.meterId();
      obis[i] = r.obis();
      micros[i] = epochMicros(r.ts());
      values[i] = r.value().toPlainString();
      units[i] = r.unit();
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, pg.createArrayOf("bigint", meterIds));
      ps.setArray(2, c.createArrayOf("text", obis));
      ps.setArray(3, pg.createArrayOf("bigint", micros));
      ps.setArray(4, c.createArrayOf("text", values));
      ps.setArray(5, c.createArrayOf("text", units));
      return SqlNames.readingKeys(ps.executeQuery());
    }
  }

  // ts is already cut to microseconds (ResolvedReading), so this is exact.
  static long epochMicros(Instant ts) {
    return Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000);
  }
}
