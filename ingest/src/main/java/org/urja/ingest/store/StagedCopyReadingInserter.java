package org.urja.ingest.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.urja.ingest.db.ReadingRows;

/**
 * Binary COPY into a session-local staging table, then one INSERT ... SELECT ... ON CONFLICT. The
 * staging table empties itself at commit (ON COMMIT DELETE ROWS) and vanishes with the session.
 */
public final class StagedCopyReadingInserter implements ReadingInserter {

  private final String stage;
  private final String insertSql;

  public StagedCopyReadingInserter(String table) {
    SqlNames.requirePlain(table);
    this.stage = table + "_stage";
    this.insertSql =
        "INSERT INTO "
            + table
            + " ("
            + ReadingRows.STORED_COLUMNS
            + ")"
            + " SELECT "
            + ReadingRows.STORED_COLUMNS
            + " FROM "
            + stage
            + " ON CONFLICT (meter_id, obis, ts) DO NOTHING RETURNING meter_id, obis, ts";
  }

  @Override
  public Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows) throws SQLException {
    try (Statement st = c.createStatement()) {
      // Cheap when it exists; also recreates it if the transaction that created it rolled back.
      st.execute(
          "CREATE TEMP TABLE IF NOT EXISTS "
              + stage
              + " (meter_id bigint, obis text, ts timestamptz, digits bigint, decimals smallint, wide_value numeric,"
              + " unit text, received_after_s integer)"
              + " ON COMMIT DELETE ROWS");
    }
    copy(c, stage, rows);
    try (PreparedStatement ps = c.prepareStatement(insertSql)) {
      return SqlNames.readingKeys(ps.executeQuery());
    }
  }

  /**
   * Binary COPY of rows into {@code table}'s {@code reading_rows} columns, no dedup: a duplicate
   * key fails the whole COPY. Returns the rows copied.
   */
  public static long copy(Connection c, String table, List<ResolvedReading> rows)
      throws SQLException {
    Instant now = Instant.now();
    return copy(c, table, rows, r -> now);
  }

  /**
   * As {@link #copy(Connection, String, List)}, each row received when {@code receivedAt} says
   * (loaders, benches).
   */
  public static long copy(
      Connection c,
      String table,
      List<ResolvedReading> rows,
      Function<ResolvedReading, Instant> receivedAt)
      throws SQLException {
    SqlNames.requirePlain(table);
    PgBinaryCopy out = new PgBinaryCopy(rows.size() * 64);
    for (ResolvedReading r : rows) {
      CompactValue v = CompactValue.of(r.value());
      out.startRow(8);
      out.int8(r.meterId());
      out.text(r.obis());
      out.timestamptz(r.ts());
      out.int8(v.digits());
      out.int2(v.decimals());
      if (v.wide() == null) {
        out.nullField();
      } else {
        out.numeric(v.wide());
      }
      out.text(r.unit());
      out.int4(CompactValue.receivedAfterSeconds(receivedAt.apply(r), r.ts()));
    }
    try {
      return c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY " + table + " (" + ReadingRows.STORED_COLUMNS + ") FROM STDIN (FORMAT binary)",
              new ByteArrayInputStream(out.finish()));
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed", "08000", e);
    }
  }
}
