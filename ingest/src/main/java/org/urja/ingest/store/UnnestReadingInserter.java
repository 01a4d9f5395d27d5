package org.urja.ingest.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.urja.ingest.db.ReadingRows;

/**
 * One statement per batch: eight arrays unnested into {@code reading_rows}-shaped rows (see {@link
 * CompactValue}), duplicates skipped by the PK.
 *
 * <p>Ids and capture times travel as binary {@code bigint[]} (times as microseconds since the Unix
 * epoch, turned into timestamptz by integer arithmetic on the server): formatting ISO-8601 strings
 * here and parsing them there cost more than the insert's own work on a 2-core machine.
 *
 * <p>Most batches hold no stored duplicates, so the insert first runs without RETURNING inside a
 * savepoint: when every row went in, every key is new and nothing had to be sent back and parsed.
 * Only when some rows were duplicates is the savepoint rolled back and the insert repeated with
 * RETURNING, to learn which.
 */
public final class UnnestReadingInserter implements ReadingInserter {

  private final String insertSql;
  private final String returningSql;

  public UnnestReadingInserter(String table) {
    SqlNames.requirePlain(table);
    this.insertSql =
        "INSERT INTO "
            + table
            + " ("
            + ReadingRows.STORED_COLUMNS
            + ")"
            + " SELECT m, o, timestamptz 'epoch' + us * interval '1 microsecond', d, s, w, u, ra"
            + " FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::int2[], ?::text[]::numeric[],"
            + " ?::text[], ?::int4[]) AS r(m, o, us, d, s, w, u, ra)"
            + " ON CONFLICT (meter_id, obis, ts) DO NOTHING";
    this.returningSql = insertSql + " RETURNING meter_id, obis, ts";
  }

  @Override
  public Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows) throws SQLException {
    int n = rows.size();
    long[] meterIds = new long[n];
    String[] obis = new String[n];
    long[] micros = new long[n];
    long[] digits = new long[n];
    short[] decimals = new short[n];
    String[] wide = new String[n];
    String[] units = new String[n];
    int[] receivedAfter = new int[n];
    Instant now = Instant.now();
    for (int i = 0; i < n; i++) {
      ResolvedReading r = rows.get(i);
      meterIds[i] = r.meterId();
      obis[i] = r.obis();
      micros[i] = epochMicros(r.ts());
      CompactValue v = CompactValue.of(r.value());
      digits[i] = v.digits();
      decimals[i] = v.decimals();
      wide[i] = v.wide() == null ? null : v.wide().toPlainString();
      units[i] = r.unit();
      receivedAfter[i] = CompactValue.receivedAfterSeconds(now, r.ts());
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    Array[] arrays = {
      pg.createArrayOf("bigint", meterIds),
      c.createArrayOf("text", obis),
      pg.createArrayOf("bigint", micros),
      pg.createArrayOf("bigint", digits),
      pg.createArrayOf("int2", decimals),
      c.createArrayOf("text", wide),
      c.createArrayOf("text", units),
      pg.createArrayOf("int4", receivedAfter)
    };
    Savepoint before = c.setSavepoint();
    try (PreparedStatement ps = bind(c.prepareStatement(insertSql), arrays)) {
      if (ps.executeUpdate() == n) {
        c.releaseSavepoint(before);
        Set<ReadingKey> all = new HashSet<>(n * 2);
        rows.forEach(r -> all.add(r.key()));
        return all;
      }
    }
    c.rollback(before);
    try (PreparedStatement ps = bind(c.prepareStatement(returningSql), arrays)) {
      return SqlNames.readingKeys(ps.executeQuery());
    }
  }

  private static PreparedStatement bind(PreparedStatement ps, Array[] arrays) throws SQLException {
    for (int i = 0; i < arrays.length; i++) {
      ps.setArray(i + 1, arrays[i]);
    }
    return ps;
  }

  // ts is already cut to microseconds (ResolvedReading), so this is exact.
  static long epochMicros(Instant ts) {
    return Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000);
  }
}
