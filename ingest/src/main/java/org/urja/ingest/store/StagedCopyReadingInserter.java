package org.urja.ingest.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

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
        "INSERT INTO " + table + " (meter_id, obis, ts, value, unit)"
            + " SELECT meter_id, obis, ts, value, unit FROM " + stage
            + " ON CONFLICT (meter_id, obis, ts) DO NOTHING RETURNING meter_id, obis, ts";
  }

  @Override
  public Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows) throws SQLException {
    try (Statement st = c.createStatement()) {
      // Cheap when it exists; also recreates it if the transaction that created it rolled back.
      st.execute(
          "CREATE TEMP TABLE IF NOT EXISTS " + stage
              + " (meter_id bigint, obis text, ts timestamptz, value numeric, unit text)"
              + " ON COMMIT DELETE ROWS");
    }
    copy(c, stage, rows);
    try (PreparedStatement ps = c.prepareStatement(insertSql)) {
      return SqlNames.readingKeys(ps.executeQuery());
    }
  }

  /**
   * Binary COPY of rows into {@code table}'s (meter_id, obis, ts, value, unit) columns, no dedup:
   * a duplicate key fails the whole COPY. Returns the rows copied.
   */
  public static long copy(Connection c, String table, List<ResolvedReading> rows) throws SQLException {
    SqlNames.requirePlain(table);
    PgBinaryCopy out = new PgBinaryCopy(rows.size() * 64);
    for (ResolvedReading r : rows) {
      out.startRow(5);
      out.int8(r.meterId());
      out.text(r.obis());
      out.timestamptz(r.ts());
      out.numeric(r.value());
      out.text(r.unit());
    }
    try {
      return c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY " + table + " (meter_id, obis, ts, value, unit) FROM STDIN (FORMAT binary)",
              new ByteArrayInputStream(out.finish()));
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed", "08000", e);
    }
  }
}
