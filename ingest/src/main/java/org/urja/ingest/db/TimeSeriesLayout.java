package org.urja.ingest.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * V2's layout of {@code readings} and {@code meter_events} (V35, {@link CompactReadings}, then
 * moves readings into {@link ReadingRows#TABLE} with a view on top): TimescaleDB hypertables
 * (compressed, with retention and the {@code energy_hourly} continuous aggregate) when the
 * extension is available, natively range-partitioned tables with daily partitions and a DEFAULT
 * partition otherwise. Both layouts expose the same columns and the same primary keys, so {@code
 * INSERT ... ON CONFLICT (meter_id, obis, ts) DO NOTHING} and every query work on either.
 */
public final class TimeSeriesLayout {

  private static final Logger log = LoggerFactory.getLogger(TimeSeriesLayout.class);

  /** Flyway placeholder choosing the layout: auto (default), timescaledb or plain. */
  public static final String MODE_PLACEHOLDER = "urja.timeseries";

  /** Flyway placeholder: how long TimescaleDB keeps raw readings (an SQL interval). */
  public static final String READINGS_RETENTION_PLACEHOLDER = "urja.readings.retention";

  /** Flyway placeholder: how long TimescaleDB keeps meter events (an SQL interval). */
  public static final String EVENTS_RETENTION_PLACEHOLDER = "urja.events.retention";

  /**
   * Flyway placeholder: how old a TimescaleDB chunk is before it is compressed (an SQL interval).
   */
  public static final String COMPRESS_AFTER_PLACEHOLDER = "urja.compress.after";

  public enum Mode {
    AUTO,
    TIMESCALEDB,
    PLAIN
  }

  /**
   * Choices an operator may make at migration time; retention and compression apply to TimescaleDB
   * only. Compression after 1 day by default: a chunk is a UTC day, late pushes of a feeder that
   * was down for hours still land uncompressed, and a week of fleet data does not sit at the
   * uncompressed ~150 bytes a reading (docs/BENCHMARKS.md, "Storage").
   */
  public record Options(
      Mode mode, String readingsRetention, String eventsRetention, String compressAfter) {
    public static final String DEFAULT_COMPRESS_AFTER = "1 day";
    public static final Options DEFAULTS =
        new Options(Mode.AUTO, "3 years", "3 years", DEFAULT_COMPRESS_AFTER);

    public Options {
      Objects.requireNonNull(mode, "mode");
      checkInterval(readingsRetention);
      checkInterval(eventsRetention);
      checkInterval(compressAfter);
    }

    public Options(Mode mode, String readingsRetention, String eventsRetention) {
      this(mode, readingsRetention, eventsRetention, DEFAULT_COMPRESS_AFTER);
    }

    public Options withCompressAfter(String interval) {
      return new Options(mode, readingsRetention, eventsRetention, interval);
    }

    public static Options fromPlaceholders(Map<String, String> placeholders) {
      String mode = placeholders.getOrDefault(MODE_PLACEHOLDER, "auto");
      return new Options(
          Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT)),
          placeholders.getOrDefault(READINGS_RETENTION_PLACEHOLDER, DEFAULTS.readingsRetention()),
          placeholders.getOrDefault(EVENTS_RETENTION_PLACEHOLDER, DEFAULTS.eventsRetention()),
          placeholders.getOrDefault(COMPRESS_AFTER_PLACEHOLDER, DEFAULT_COMPRESS_AFTER));
    }

    public Map<String, String> toPlaceholders() {
      return Map.of(
          MODE_PLACEHOLDER, mode.name().toLowerCase(Locale.ROOT),
          READINGS_RETENTION_PLACEHOLDER, readingsRetention,
          EVENTS_RETENTION_PLACEHOLDER, eventsRetention,
          COMPRESS_AFTER_PLACEHOLDER, compressAfter);
    }

    // The interval is spliced into DDL (policies take no bind parameters), so allow only
    // "<number> <unit>" words.
    static void checkInterval(String interval) {
      if (interval == null || !interval.matches("[0-9]+ ?[a-zA-Z]+( [0-9]+ ?[a-zA-Z]+)*")) {
        throw new IllegalArgumentException("not a simple interval like '3 years': " + interval);
      }
    }
  }

  /** Days of daily partitions the migration creates around today; the maintainer keeps it up. */
  static final int INITIAL_DAYS_BACK = 7;

  static final int INITIAL_DAYS_AHEAD = 3;

  private static final String READINGS_COLUMNS =
      """
      meter_id    bigint      NOT NULL,
      obis        text        NOT NULL,
      ts          timestamptz NOT NULL,
      value       numeric     NOT NULL,
      unit        text        NOT NULL DEFAULT '',
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (meter_id, obis, ts)""";

  private static final String EVENTS_COLUMNS =
      """
      meter_id    bigint      NOT NULL,
      code        integer     NOT NULL,
      ts          timestamptz NOT NULL,
      source      text        NOT NULL DEFAULT '',
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (meter_id, code, ts)""";

  // meter_id has no foreign key to meters: the check costs an index probe per row on the hottest
  // insert path, and meters are never deleted (they are quarantined instead).

  /** TimescaleDB path, written from the TimescaleDB API reference (2.x). */
  private static List<String> timescaleStatements(Options options) {
    return List.of(
        "CREATE EXTENSION IF NOT EXISTS timescaledb",
        "CREATE TABLE readings (" + READINGS_COLUMNS + ")",
        "SELECT create_hypertable('readings', 'ts', chunk_time_interval => INTERVAL '1 day')",
        "ALTER TABLE readings SET (timescaledb.compress,"
            + " timescaledb.compress_segmentby = 'meter_id, obis',"
            + " timescaledb.compress_orderby = 'ts DESC')",
        "SELECT add_compression_policy('readings', INTERVAL '7 days')",
        "SELECT add_retention_policy('readings', INTERVAL '" + options.readingsRetention() + "')",
        "CREATE TABLE meter_events (" + EVENTS_COLUMNS + ")",
        "SELECT create_hypertable('meter_events', 'ts', chunk_time_interval => INTERVAL '1 day')",
        "ALTER TABLE meter_events SET (timescaledb.compress,"
            + " timescaledb.compress_segmentby = 'meter_id',"
            + " timescaledb.compress_orderby = 'ts DESC')",
        "SELECT add_compression_policy('meter_events', INTERVAL '" + options.compressAfter() + "')",
        "SELECT add_retention_policy('meter_events', INTERVAL '" + options.eventsRetention() + "')",
        // WITH NO DATA keeps the statement legal inside Flyway's transaction; the policy fills it.
        // materialized_only = false (real-time aggregation) makes the newest hour visible too, as
        // the plain layout's view does; it is off by default since TimescaleDB 2.13.
        """
        CREATE MATERIALIZED VIEW energy_hourly
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket,
               meter_id,
               obis,
               min(value) AS min_value,
               max(value) AS max_value,
               count(*)   AS sample_count
          FROM readings
         GROUP BY bucket, meter_id, obis
        WITH NO DATA""",
        """
        SELECT add_continuous_aggregate_policy('energy_hourly',
            start_offset => INTERVAL '3 days',
            end_offset => INTERVAL '1 hour',
            schedule_interval => INTERVAL '30 minutes')""");
  }

  /** Plain PostgreSQL path: native range partitions by day (UTC) plus a catch-all DEFAULT. */
  private static List<String> plainStatements() {
    return List.of(
        "CREATE TABLE readings (" + READINGS_COLUMNS + ") PARTITION BY RANGE (ts)",
        "CREATE TABLE readings_default PARTITION OF readings DEFAULT",
        "CREATE TABLE meter_events (" + EVENTS_COLUMNS + ") PARTITION BY RANGE (ts)",
        "CREATE TABLE meter_events_default PARTITION OF meter_events DEFAULT",
        // Same name and columns as the continuous aggregate; buckets are UTC hours like
        // time_bucket's, whatever the session time zone (IST is not a whole hour off UTC).
        """
        CREATE VIEW energy_hourly AS
        SELECT date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
               meter_id,
               obis,
               min(value) AS min_value,
               max(value) AS max_value,
               count(*)   AS sample_count
          FROM readings
         GROUP BY 1, meter_id, obis""");
  }

  private final Options options;
  private final Clock clock;

  public TimeSeriesLayout(Options options, Clock clock) {
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Creates the time-series tables on {@code connection} (inside the caller's transaction). */
  public Mode create(Connection connection) throws SQLException {
    Mode mode = resolve(connection);
    log.info("Creating time-series tables with the {} layout", mode);
    try (Statement st = connection.createStatement()) {
      for (String sql :
          mode == Mode.TIMESCALEDB ? timescaleStatements(options) : plainStatements()) {
        st.execute(sql);
      }
    }
    if (mode == Mode.PLAIN) {
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      DailyPartitions partitions = new DailyPartitions(connection);
      // V2's tables: V35 moves readings into reading_rows with the same days
      for (String table : List.of("readings", "meter_events")) {
        partitions.ensureRange(
            table, today.minusDays(INITIAL_DAYS_BACK), today.plusDays(INITIAL_DAYS_AHEAD));
      }
    }
    return mode;
  }

  private Mode resolve(Connection connection) throws SQLException {
    if (options.mode() != Mode.AUTO) {
      return options.mode();
    }
    return timescaleAvailable(connection) ? Mode.TIMESCALEDB : Mode.PLAIN;
  }

  /**
   * True when the server can load the timescaledb extension: installed in this database already, or
   * available and preloaded. Once TimescaleDB is built into a machine's PostgreSQL every cluster
   * there lists it as available, but only a cluster that preloads it can create it.
   */
  public static boolean timescaleAvailable(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')"
                    + " OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')"
                    + " AND current_setting('shared_preload_libraries') ~ 'timescaledb')")) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
