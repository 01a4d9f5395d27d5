package org.urja.ingest.db;

import java.util.List;

/**
 * How readings are stored since V35, on both layouts: {@code reading_rows} holds each value as its
 * decimal digits in a {@code bigint} plus how many of them are decimals, and the receive time as
 * whole seconds after the capture time; the view {@code readings} gives every reader the columns it
 * always had ({@code value numeric}, {@code received_at timestamptz}), exactly.
 *
 * <p>Why: on TimescaleDB a {@code numeric} column compresses poorly (it was ~47 % of the compressed
 * bytes) and a per-reading microsecond {@code received_at} was ~36 %; an integer that grows by a
 * few units per interval and a near-constant delay both shrink to a few bits a row under
 * delta-of-delta and simple-8b. The digits are the register as the meter counted it (its scaler
 * applied as a decimal point, never as a binary fraction), so {@code digits / 10^decimals} is the
 * value the meter sent, digit for digit and with its own number of decimals: money computed from it
 * downstream is the same as from the old {@code numeric}. A value whose digits do not fit in 63
 * bits (only seen from hostile or broken senders) keeps its {@code numeric} in {@code wide_value},
 * which is otherwise NULL and costs nothing compressed. Measurements and the alternatives tried are
 * in docs/BENCHMARKS.md ("Storage").
 */
public final class ReadingRows {

  /** The stored table (writers); readers use the view {@link #VIEW}. */
  public static final String TABLE = "reading_rows";

  public static final String VIEW = "readings";

  /** Values with more decimals than this are kept whole in {@code wide_value}. */
  public static final int MAX_DECIMALS = 30;

  private ReadingRows() {}

  static final String COLUMNS =
      """
      meter_id         bigint      NOT NULL,
      obis             text        NOT NULL,
      ts               timestamptz NOT NULL,
      digits           bigint      NOT NULL,
      decimals         smallint    NOT NULL,
      wide_value       numeric,
      unit             text        NOT NULL DEFAULT '',
      received_after_s integer     NOT NULL DEFAULT 0,
      PRIMARY KEY (meter_id, obis, ts)""";

  /**
   * The conversions between a {@code numeric} value and its stored form, in SQL, for the moves that
   * happen inside the database (quarantine release, the V35 copy, plain INSERTs into the view).
   * {@code CompactValue} does the same in Java for the batch writer; a test holds them equal.
   */
  static final List<String> FUNCTIONS =
      List.of(
          """
          CREATE OR REPLACE FUNCTION reading_value(digits bigint, decimals smallint, wide numeric)
          RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
          $$ SELECT coalesce(wide, round(digits * power(10::numeric, -decimals), decimals)) $$""",
          """
          CREATE OR REPLACE FUNCTION reading_fits(v numeric) RETURNS boolean
          LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
          $$ SELECT scale(v) <= %d AND abs(v) * power(10::numeric, scale(v)) <= 9223372036854775807 $$"""
              .formatted(MAX_DECIMALS),
          """
          CREATE OR REPLACE FUNCTION reading_digits(v numeric) RETURNS bigint
          LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
          $$ SELECT CASE WHEN reading_fits(v) THEN (v * power(10::numeric, scale(v)))::bigint ELSE 0 END $$""",
          """
          CREATE OR REPLACE FUNCTION reading_decimals(v numeric) RETURNS smallint
          LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
          $$ SELECT CASE WHEN reading_fits(v) THEN scale(v)::smallint ELSE 0::smallint END $$""",
          """
          CREATE OR REPLACE FUNCTION reading_wide(v numeric) RETURNS numeric
          LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
          $$ SELECT CASE WHEN reading_fits(v) THEN NULL ELSE v END $$""",
          """
          CREATE OR REPLACE FUNCTION reading_received_after(received timestamptz, ts timestamptz)
          RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
          $$ SELECT greatest(-2147483648, least(2147483647,
                 floor(extract(epoch FROM received) - extract(epoch FROM ts))))::integer $$""");

  /** The readers' shape, the same on both layouts (receive time to the second). */
  static final String VIEW_SQL =
      """
      CREATE VIEW readings AS
      SELECT meter_id, obis, ts,
             reading_value(digits, decimals, wide_value) AS value,
             unit,
             ts + received_after_s * interval '1 second' AS received_at
        FROM reading_rows""";

  /**
   * Plain INSERTs into the view (ad-hoc SQL, tests, fixtures) keep working, one row at a time; the
   * batch writer writes {@code reading_rows} directly. ON CONFLICT needs the table.
   */
  static final List<String> VIEW_INSERT =
      List.of(
          """
          CREATE OR REPLACE FUNCTION readings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            INSERT INTO reading_rows (meter_id, obis, ts, digits, decimals, wide_value, unit, received_after_s)
            VALUES (NEW.meter_id, NEW.obis, NEW.ts, reading_digits(NEW.value), reading_decimals(NEW.value),
                    reading_wide(NEW.value), coalesce(NEW.unit, ''),
                    reading_received_after(coalesce(NEW.received_at, now()), NEW.ts));
            RETURN NEW;
          END $$""",
          "CREATE TRIGGER readings_insert INSTEAD OF INSERT ON readings"
              + " FOR EACH ROW EXECUTE FUNCTION readings_insert()");

  /** The view's columns from a {@code numeric} value and a receive time, for INSERT ... SELECT. */
  public static final String STORED_COLUMNS =
      "meter_id, obis, ts, digits, decimals, wide_value, unit, received_after_s";

  /** {@link #STORED_COLUMNS} computed from the old shape's column names. */
  public static String storedFrom(
      String meterId, String obis, String ts, String value, String unit, String receivedAt) {
    return String.join(
        ", ",
        meterId,
        obis,
        ts,
        "reading_digits(" + value + ")",
        "reading_decimals(" + value + ")",
        "reading_wide(" + value + ")",
        unit,
        "reading_received_after(" + receivedAt + ", " + ts + ")");
  }

  static String energyHourlyTimescale() {
    // WITH NO DATA keeps the statement legal inside Flyway's transaction; the policy fills it.
    // materialized_only = false (real-time aggregation) makes the newest hour visible too, as the
    // plain layout's view does; a continuous aggregate must read the hypertable, not the view.
    return """
        CREATE MATERIALIZED VIEW energy_hourly
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket,
               meter_id,
               obis,
               min(reading_value(digits, decimals, wide_value)) AS min_value,
               max(reading_value(digits, decimals, wide_value)) AS max_value,
               count(*) AS sample_count
          FROM reading_rows
         GROUP BY bucket, meter_id, obis
        WITH NO DATA""";
  }

  static final String ENERGY_HOURLY_POLICY =
      """
      SELECT add_continuous_aggregate_policy('energy_hourly',
          start_offset => INTERVAL '3 days',
          end_offset => INTERVAL '1 hour',
          schedule_interval => INTERVAL '30 minutes')""";

  // Same name and columns as the continuous aggregate; buckets are UTC hours like time_bucket's,
  // whatever the session time zone (IST is not a whole hour off UTC).
  static final String ENERGY_HOURLY_PLAIN =
      """
      CREATE VIEW energy_hourly AS
      SELECT date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
             meter_id,
             obis,
             min(value) AS min_value,
             max(value) AS max_value,
             count(*)   AS sample_count
        FROM readings
       GROUP BY 1, meter_id, obis""";
}
