package org.urja.headend.bench.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.urja.ingest.db.CompactReadings;

/**
 * The alternatives the stored layout was chosen from, each a hypertable filled from the loaded
 * {@code reading_rows} of the first meters, compressed, and measured: the value as {@code numeric},
 * {@code double precision} or {@code bigint} digits; the receive time per reading (as the old
 * {@code received_at} held it: the writer's transaction time, microseconds) or as whole seconds
 * after capture, or not at all; segmenting by meter and register or by meter only.
 */
final class StorageTrials {
  /** One layout tried. */
  record Trial(
      String name,
      String columns,
      String select,
      String segmentBy,
      String orderBy,
      String sparseIndex) {
    Trial(String name, String columns, String select, String segmentBy, String orderBy) {
      this(name, columns, select, segmentBy, orderBy, null);
    }

    /**
     * "TimescaleDB's default" (a bloom filter on the primary key's columns past the segment) or the
     * setting.
     */
    String index() {
      return sparseIndex == null
          ? "default (bloom on key)"
          : sparseIndex.isEmpty() ? "none" : sparseIndex;
    }
  }

  /** One trial's outcome. */
  record Outcome(Trial trial, long rows, long bytesBefore, long bytesAfter) {
    double before() {
      return (double) bytesBefore / rows;
    }

    double after() {
      return (double) bytesAfter / rows;
    }
  }

  private static final String KEY =
      "meter_id bigint NOT NULL, obis text NOT NULL, ts timestamptz NOT NULL";
  private static final String PK = ", PRIMARY KEY (meter_id, obis, ts)";
  private static final String VALUE = "reading_value(digits, decimals, wide_value)";
  // the old received_at: the writer's commit time to the microsecond, the same for a push's
  // readings
  private static final String RECEIVED_AT =
      "ts + received_after_s * interval '1 second'"
          + " + (abs(hashint8(meter_id * 1000003 + extract(epoch FROM ts)::bigint)) % 1000000) * interval '1 microsecond'";
  private static final String DIGITS =
      "digits bigint NOT NULL, decimals smallint NOT NULL, wide_value numeric";

  static final List<Trial> TRIALS =
      List.of(
          new Trial(
              "numeric value, received_at per reading (the V2 layout)",
              KEY
                  + ", value numeric NOT NULL, unit text NOT NULL, received_at timestamptz NOT NULL"
                  + PK,
              "meter_id, obis, ts, " + VALUE + ", unit, " + RECEIVED_AT,
              "meter_id, obis",
              "ts DESC"),
          new Trial(
              "numeric value, received_at per reading",
              KEY
                  + ", value numeric NOT NULL, unit text NOT NULL, received_at timestamptz NOT NULL"
                  + PK,
              "meter_id, obis, ts, " + VALUE + ", unit, " + RECEIVED_AT,
              "meter_id",
              "obis, ts"),
          new Trial(
              "double precision value, received_at per reading",
              KEY
                  + ", value double precision NOT NULL, unit text NOT NULL, received_at timestamptz NOT NULL"
                  + PK,
              "meter_id, obis, ts, " + VALUE + "::double precision, unit, " + RECEIVED_AT,
              "meter_id",
              "obis, ts"),
          new Trial(
              "bigint digits, received_at per reading",
              KEY + ", " + DIGITS + ", unit text NOT NULL, received_at timestamptz NOT NULL" + PK,
              "meter_id, obis, ts, digits, decimals, wide_value, unit, " + RECEIVED_AT,
              "meter_id",
              "obis, ts"),
          new Trial(
              "bigint digits, received_after_s",
              KEY + ", " + DIGITS + ", unit text NOT NULL, received_after_s integer NOT NULL" + PK,
              "meter_id, obis, ts, digits, decimals, wide_value, unit, received_after_s",
              "meter_id, obis",
              "ts"),
          new Trial(
              "bigint digits, received_after_s",
              KEY + ", " + DIGITS + ", unit text NOT NULL, received_after_s integer NOT NULL" + PK,
              "meter_id, obis, ts, digits, decimals, wide_value, unit, received_after_s",
              "meter_id",
              "obis, ts"),
          new Trial(
              "bigint digits, received_after_s",
              KEY + ", " + DIGITS + ", unit text NOT NULL, received_after_s integer NOT NULL" + PK,
              "meter_id, obis, ts, digits, decimals, wide_value, unit, received_after_s",
              "meter_id, obis",
              "ts",
              ""),
          new Trial(
              "bigint digits, received_after_s",
              KEY + ", " + DIGITS + ", unit text NOT NULL, received_after_s integer NOT NULL" + PK,
              "meter_id, obis, ts, digits, decimals, wide_value, unit, received_after_s",
              "meter_id",
              "obis, ts",
              ""),
          new Trial(
              "bigint digits, received_after_s (the V35 layout)",
              KEY + ", " + DIGITS + ", unit text NOT NULL, received_after_s integer NOT NULL" + PK,
              "meter_id, obis, ts, digits, decimals, wide_value, unit, received_after_s",
              "meter_id",
              "obis, ts",
              CompactReadings.SPARSE_INDEX),
          new Trial(
              "bigint digits, no receive time",
              KEY + ", " + DIGITS + ", unit text NOT NULL" + PK,
              "meter_id, obis, ts, digits, decimals, wide_value, unit",
              "meter_id",
              "obis, ts"));

  private StorageTrials() {}

  static List<Outcome> run(Connection c, int meters) throws SQLException {
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < TRIALS.size(); i++) {
      Trial t = TRIALS.get(i);
      String table = "storage_trial_" + i;
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table);
        st.execute("CREATE TABLE " + table + " (" + t.columns() + ")");
        st.execute(
            "SELECT create_hypertable('"
                + table
                + "', 'ts', chunk_time_interval => INTERVAL '1 day')");
        st.execute(
            "ALTER TABLE "
                + table
                + " SET (timescaledb.compress, timescaledb.compress_segmentby = '"
                + t.segmentBy()
                + "', timescaledb.compress_orderby = '"
                + t.orderBy()
                + "'"
                + (t.sparseIndex() == null
                    ? ""
                    : ", timescaledb.compress_index = '" + t.sparseIndex() + "'")
                + ")");
        st.execute(
            "INSERT INTO "
                + table
                + " SELECT "
                + t.select()
                + " FROM reading_rows WHERE meter_id <= "
                + meters);
        long rows = TableSizes.rows(c, table);
        long before = TableSizes.totalBytes(c, table);
        TableSizes.compressAll(c, table);
        long after = TableSizes.totalBytes(c, table);
        Outcome o = new Outcome(t, rows, before, after);
        System.out.printf(
            "trial %-50s segment by %-15s order by %-8s sparse index %-22s %6.1f B/reading -> %5.2f%n",
            t.name(), t.segmentBy(), t.orderBy(), t.index(), o.before(), o.after());
        outcomes.add(o);
        st.execute("DROP TABLE " + table);
      }
    }
    return outcomes;
  }
}
