package org.urja.ingest.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * V35: moves {@code readings} (a table with {@code value numeric} and a per-reading {@code
 * received_at}) into {@link ReadingRows#TABLE} in the same layout it had (hypertable or daily
 * partitions), then puts the view {@code readings} and {@code energy_hourly} back on top, so no
 * reader changes. Existing rows are converted by the same SQL functions later moves use.
 */
public final class CompactReadings {

  private static final Logger log = LoggerFactory.getLogger(CompactReadings.class);
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

  /**
   * Segmenting and ordering of compressed batches, chosen by {@code bench storage}: one meter's day
   * in one batch (7 registers × 96 intervals = 672 rows of at most 1,000), each register's run of
   * values together so its deltas stay small.
   */
  public static final String SEGMENT_BY = "meter_id";

  public static final String ORDER_BY = "obis, ts";

  /**
   * Only a min/max of ts per batch (obis keeps the one TimescaleDB gives order-by columns): by
   * default TimescaleDB adds a bloom filter on the primary key's other columns (obis, ts), 1.5
   * bytes a reading, over a third of the compressed bytes, and useless here: a batch is one meter's
   * whole day, so the segment index and the ts min/max already find the one batch a key can be in.
   * Not '' (no sparse index at all): TimescaleDB 2.28.3 then crashes the backend (SIGSEGV) on
   * INSERT ... ON CONFLICT into a compressed chunk, which late pushes do.
   */
  public static final String SPARSE_INDEX = "minmax(ts)";

  private final TimeSeriesLayout.Options options;

  public CompactReadings(TimeSeriesLayout.Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Runs inside the migration's transaction; returns the layout found. */
  public TimeSeriesLayout.Mode migrate(Connection c) throws SQLException {
    boolean hypertable = isHypertable(c, "readings");
    boolean partitioned = DailyPartitions.isPartitioned(c, "readings");
    log.info("Compacting readings ({} layout)", hypertable ? "TimescaleDB" : "plain");
    try (Statement st = c.createStatement()) {
      for (String sql : ReadingRows.FUNCTIONS) {
        st.execute(sql);
      }
      if (hypertable) {
        for (String sql : timescaleTable(options)) {
          st.execute(sql);
        }
      } else {
        st.execute(
            "CREATE TABLE reading_rows ("
                + ReadingRows.COLUMNS
                + ")"
                + (partitioned ? " PARTITION BY RANGE (ts)" : ""));
        if (partitioned) {
          st.execute("CREATE TABLE reading_rows_default PARTITION OF reading_rows DEFAULT");
        }
      }
    }
    if (partitioned && !hypertable) {
      DailyPartitions partitions = new DailyPartitions(c);
      for (LocalDate day : partitionDays(c, "readings")) {
        partitions.ensure(ReadingRows.TABLE, day);
      }
    }
    try (Statement st = c.createStatement()) {
      int moved =
          st.executeUpdate(
              "INSERT INTO reading_rows ("
                  + ReadingRows.STORED_COLUMNS
                  + ") SELECT "
                  + ReadingRows.storedFrom("meter_id", "obis", "ts", "value", "unit", "received_at")
                  + " FROM readings");
      log.info("Moved {} readings into reading_rows", moved);
      st.execute(
          hypertable
              ? "DROP MATERIALIZED VIEW IF EXISTS energy_hourly"
              : "DROP VIEW IF EXISTS energy_hourly");
      st.execute("DROP TABLE readings");
      st.execute(ReadingRows.VIEW_SQL);
      for (String sql : ReadingRows.VIEW_INSERT) {
        st.execute(sql);
      }
      if (hypertable) {
        st.execute(ReadingRows.energyHourlyTimescale());
        st.execute(ReadingRows.ENERGY_HOURLY_POLICY);
      } else {
        st.execute(ReadingRows.ENERGY_HOURLY_PLAIN);
      }
    }
    return hypertable ? TimeSeriesLayout.Mode.TIMESCALEDB : TimeSeriesLayout.Mode.PLAIN;
  }

  static List<String> timescaleTable(TimeSeriesLayout.Options options) {
    return List.of(
        "CREATE TABLE reading_rows (" + ReadingRows.COLUMNS + ")",
        "SELECT create_hypertable('reading_rows', 'ts', chunk_time_interval => INTERVAL '1 day')",
        "ALTER TABLE reading_rows SET (timescaledb.compress,"
            + " timescaledb.compress_segmentby = '"
            + SEGMENT_BY
            + "',"
            + " timescaledb.compress_orderby = '"
            + ORDER_BY
            + "',"
            + " timescaledb.compress_index = '"
            + SPARSE_INDEX
            + "')",
        "SELECT add_compression_policy('reading_rows', INTERVAL '" + options.compressAfter() + "')",
        "SELECT add_retention_policy('reading_rows', INTERVAL '"
            + options.readingsRetention()
            + "')");
  }

  static boolean isHypertable(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
      if (!rs.next()) {
        return false;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM timescaledb_information.hypertables"
                + " WHERE hypertable_name = ? AND hypertable_schema = current_schema()")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static List<LocalDate> partitionDays(Connection c, String table) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT child.relname FROM pg_inherits i JOIN pg_class parent ON parent.oid = i.inhparent"
                + " JOIN pg_class child ON child.oid = i.inhrelid"
                + " WHERE parent.relname = ? AND pg_table_is_visible(parent.oid) AND child.relname ~ ?")) {
      ps.setString(1, table);
      ps.setString(2, "^" + table + "_p[0-9]{8}$");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          days.add(LocalDate.parse(name.substring(name.length() - 8), SUFFIX));
        }
      }
    }
    return days;
  }
}
