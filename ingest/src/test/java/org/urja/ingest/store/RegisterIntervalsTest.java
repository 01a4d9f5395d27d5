package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.store.RegisterIntervals.Interval;

/** A register over buckets, from the stored readings: boundary values, not max − min. */
class RegisterIntervalsTest extends PostgresTestSupport {
  static final String OBIS = "1.0.1.8.0.255";
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  RegisterIntervals intervals;
  long meterId;

  @BeforeAll
  void meter() throws Exception {
    MeterDirectory directory =
        new MeterDirectory(
            dataSource(), UnknownMeterPolicy.AUTO_REGISTER, new SimpleMeterRegistry());
    meterId = directory.register("RI-1", "TESTCO", null).id();
    directory.register("RI-2", "TESTCO", null);
    intervals = new RegisterIntervals(dataSource());
    // a push every quarter hour, 100 Wh apart, from T0 to T0 + 2 h
    execute(
        "insert into readings (meter_id, obis, ts, value, unit) select "
            + meterId
            + ", '"
            + OBIS
            + "', timestamptz '2026-03-01 00:00Z' + make_interval(mins => 15 * g), 5000 + 100 * g, 'Wh' "
            + "from generate_series(0, 8) g");
  }

  @Test
  void aQuarterHourWithOnePushIsClosedByTheNextPush() {
    List<Interval> got = intervals.over("RI-1", OBIS, quarters(T0, 2));
    assertThat(got).hasSize(2);
    assertThat(got.get(0).samples()).isEqualTo(1);
    assertThat(got.get(0).difference()).contains(new BigDecimal("100"));
    assertThat(got.get(0).atEnd().ts()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(got.get(1).difference()).contains(new BigDecimal("100"));
  }

  @Test
  void bucketsAddUpToTheDifferenceOverTheirSpan() {
    Instant from = T0.plus(Duration.ofMinutes(10));
    List<Interval> odd =
        intervals.over(
            "RI-1",
            OBIS,
            List.of(from, from.plus(Duration.ofMinutes(37)), from.plus(Duration.ofMinutes(95))));
    BigDecimal sum =
        odd.get(0).difference().orElseThrow().add(odd.get(1).difference().orElseThrow());
    // 00:10 stands at the 00:00 push (5000), 01:45 at the 01:45 push (5700)
    assertThat(sum).isEqualByComparingTo("700");
    assertThat(
            intervals
                .over("RI-1", OBIS, List.of(from, from.plus(Duration.ofMinutes(95))))
                .get(0)
                .difference())
        .contains(sum);
  }

  @Test
  void aBucketBeforeTheFirstReadingHasNoDifferenceAndTheOneHoldingItCountsFromIt() {
    Instant before = T0.minus(Duration.ofMinutes(40));
    List<Interval> got =
        intervals.over(
            "RI-1",
            OBIS,
            List.of(before, T0.minus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20))));
    assertThat(got.get(0).difference()).isEmpty();
    assertThat(got.get(0).samples()).isZero();
    // from the first reading (00:00, 5000) to the last at or before 00:20 (00:15, 5100)
    assertThat(got.get(1).atStart().ts()).isEqualTo(T0);
    assertThat(got.get(1).difference()).contains(new BigDecimal("100"));
  }

  @Test
  void aReadingStoredLateForAnOlderTimeCountsAtOnce() {
    Instant from = Instant.parse("2026-03-02T00:00:00Z");
    List<Instant> hours =
        List.of(from, from.plus(Duration.ofHours(1)), from.plus(Duration.ofHours(2)));
    execute(insert("RI-2", "2026-03-02 00:00Z", 100));
    execute(insert("RI-2", "2026-03-02 02:00Z", 400));
    assertThat(intervals.over("RI-2", OBIS, hours).get(0).difference()).contains(BigDecimal.ZERO);

    execute(insert("RI-2", "2026-03-02 01:00Z", 250)); // back-filled after 02:00 was stored
    List<Interval> got = intervals.over("RI-2", OBIS, hours);
    assertThat(got.get(0).difference()).contains(new BigDecimal("150"));
    assertThat(got.get(1).difference()).contains(new BigDecimal("150"));
  }

  /**
   * TimescaleDB only (run with {@code -Durja.test.server=}, see EmbeddedDatabase): the boundary
   * probes read compressed chunks alike, and a reading back-filled into a compressed chunk counts.
   */
  @Test
  void compressedChunksGiveTheSameAnswersAndTakeABackFill() {
    assumeTrue(
        queryLong("select count(*) from pg_extension where extname = 'timescaledb'") == 1,
        "the TimescaleDB layout");
    List<Instant> hours = quarters(T0, 8);
    List<Interval> before = intervals.over("RI-1", OBIS, hours);
    Instant day = Instant.parse("2026-03-04T00:00:00Z");
    List<Instant> around =
        List.of(day, day.plus(Duration.ofHours(1)), day.plus(Duration.ofHours(2)));
    execute(insert("RI-2", "2026-03-04 00:00Z", 1000));
    execute(insert("RI-2", "2026-03-04 02:00Z", 1600));

    execute("select compress_chunk(c, true) from show_chunks('reading_rows') c");
    assertThat(
            queryLong(
                "select count(*) from timescaledb_information.chunks "
                    + "where hypertable_name = 'reading_rows' and not is_compressed"))
        .isZero();
    assertThat(intervals.over("RI-1", OBIS, hours)).isEqualTo(before);

    execute(insert("RI-2", "2026-03-04 01:00Z", 1450)); // into the compressed chunk
    List<Interval> got = intervals.over("RI-2", OBIS, around);
    assertThat(got.get(0).difference()).contains(new BigDecimal("450"));
    assertThat(got.get(1).difference()).contains(new BigDecimal("150"));
  }

  @Test
  void theRegistersOfAMeterInARangeAreListed() {
    assertThat(intervals.registers("RI-1", T0, T0.plus(Duration.ofHours(1)))).containsExactly(OBIS);
    assertThat(intervals.registers("RI-1", T0.minus(Duration.ofDays(1)), T0)).isEmpty();
    assertThat(intervals.registers("NO-SUCH", T0, T0.plus(Duration.ofHours(1)))).isEmpty();
  }

  @Test
  void boundariesMustAscend() {
    assertThatThrownBy(() -> intervals.over("RI-1", OBIS, List.of(T0, T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(intervals.over("RI-1", OBIS, List.of(T0, T0.plusSeconds(1)))).hasSize(1);
  }

  private String insert(String serial, String ts, long wh) {
    return "insert into readings (meter_id, obis, ts, value, unit) select id, '"
        + OBIS
        + "', timestamptz '"
        + ts
        + "', "
        + wh
        + ", 'Wh' from meters where serial = '"
        + serial
        + "'";
  }

  private static List<Instant> quarters(Instant from, int n) {
    Instant[] b = new Instant[n + 1];
    for (int i = 0; i <= n; i++) {
      b[i] = from.plus(Duration.ofMinutes(15L * i));
    }
    return List.of(b);
  }
}
