package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ingest.store.StoreFixtures.NOON;
import static org.urja.ingest.store.StoreFixtures.energy;
import static org.urja.ingest.store.StoreFixtures.powerFailure;
import static org.urja.ingest.store.StoreFixtures.voltage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;

class BatchWriterTest extends PostgresTestSupport {

  private final List<BatchWriter> writers = new ArrayList<>();
  private MeterDirectory directory;

  @BeforeEach
  void emptyTables() {
    truncate(
        "readings",
        "meter_events",
        "meters",
        "unknown_meter_readings",
        "unknown_meter_events",
        "dead_letters");
    directory =
        new MeterDirectory(
            dataSource(), UnknownMeterPolicy.AUTO_REGISTER, new SimpleMeterRegistry());
  }

  @AfterEach
  void closeWriters() {
    writers.forEach(BatchWriter::close);
    writers.clear();
  }

  private BatchWriter writer(ReadingInserter.Strategy strategy) {
    BatchWriter w =
        new BatchWriter(
            dataSource(),
            directory,
            BatchWriterConfig.defaults()
                .withStrategy(strategy)
                .withBatch(1_000, Duration.ofMillis(5)),
            new SimpleMeterRegistry());
    writers.add(w);
    return w;
  }

  private static WriteResult await(CompletableFuture<WriteResult> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(ReadingInserter.Strategy.class)
  void theSameSubmissionTwiceAddsNoRows(ReadingInserter.Strategy strategy) throws Exception {
    BatchWriter writer = writer(strategy);
    Submission push =
        Submission.ofReadings(
            List.of(
                energy("M-1", NOON, "1200.5"),
                voltage("M-1", NOON, "239.9"),
                energy("M-2", NOON, "7")));

    WriteResult first = await(writer.submit(push));
    WriteResult second = await(writer.submit(push));

    assertThat(first.readingsInserted()).isEqualTo(3);
    assertThat(second.readingsInserted()).isZero();
    assertThat(second.readingsDuplicate()).isEqualTo(3);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(ReadingInserter.Strategy.class)
  void duplicatesWithinOneBatchAreStoredOnce(ReadingInserter.Strategy strategy) throws Exception {
    BatchWriter writer = writer(strategy);
    Reading r = energy("M-1", NOON, "10");
    WriteResult result = await(writer.submit(Submission.ofReadings(List.of(r, r, r))));

    assertThat(result.readingsInserted()).isEqualTo(1);
    assertThat(result.readingsDuplicate()).isEqualTo(2);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(ReadingInserter.Strategy.class)
  void valuesAreStoredExactly(ReadingInserter.Strategy strategy) throws Exception {
    BatchWriter writer = writer(strategy);
    List<String> values =
        List.of(
            "0",
            "0.000",
            "-1.5",
            "123456789012345678901234.000001",
            "1E+5",
            "0.0001",
            "99990000",
            "12345.6789",
            "-0.00000007");
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      // an instantaneous value: a cumulative register going down or negative would be held as
      // suspect
      readings.add(voltage("M-EXACT", NOON.plusSeconds(i), values.get(i)));
    }
    await(writer.submit(Submission.ofReadings(readings)));

    List<BigDecimal> stored = new ArrayList<>();
    try (Connection c = dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT value FROM readings ORDER BY ts")) {
      while (rs.next()) {
        stored.add(rs.getBigDecimal(1));
      }
    }
    assertThat(stored).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      assertThat(stored.get(i)).isEqualByComparingTo(new BigDecimal(values.get(i)));
    }
  }

  @Test
  void readingsFarInThePastOrFutureAreStillStored() throws Exception {
    // the partition layout is under test here, not the clock check (ReadingChecksTest): allow the
    // future
    directory =
        new MeterDirectory(
            dataSource(),
            UnknownMeterPolicy.AUTO_REGISTER,
            new SimpleMeterRegistry(),
            new ReadingChecks(
                java.time.Clock.systemUTC(), Duration.ofDays(500), new SimpleMeterRegistry()));
    BatchWriter writer = writer(ReadingInserter.Strategy.STAGED_COPY);
    WriteResult result =
        await(
            writer.submit(
                Submission.ofReadings(
                    List.of(
                        energy("M-CLOCK", NOON.minus(4000, ChronoUnit.DAYS), "1"),
                        energy("M-CLOCK", NOON.plus(400, ChronoUnit.DAYS), "2")))));

    assertThat(result.readingsInserted()).isEqualTo(2);
    assertThat(queryLong("SELECT count(*) FROM reading_rows_default")).isEqualTo(2);
  }

  @Test
  void theFutureCompletesOnlyOnceTheRowsAreVisibleToOtherConnections() throws Exception {
    BatchWriter writer = writer(ReadingInserter.Strategy.UNNEST);
    CompletableFuture<Long> seenOnCompletion =
        writer
            .submit(
                Submission.ofReadings(
                    List.of(
                        energy("M-ACK", NOON, "5"), energy("M-ACK", NOON.plusSeconds(900), "6"))))
            .thenApply(
                result -> queryLong("SELECT count(*) FROM readings WHERE obis = '1.0.1.8.0.255'"));

    assertThat(seenOnCompletion.get(30, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void theCommitListenerHearsOnlyNewlyInsertedReadings() throws Exception {
    BatchWriter writer = writer(ReadingInserter.Strategy.UNNEST);
    List<Reading> heard = new CopyOnWriteArrayList<>();
    writer.addCommitListener(heard::addAll);
    Reading old = energy("M-L", NOON, "100");
    Reading fresh = energy("M-L", NOON.plusSeconds(900), "101");

    await(writer.submit(Submission.ofReadings(List.of(old))));
    heard.clear();
    await(writer.submit(Submission.ofReadings(List.of(old, fresh, fresh))));

    assertThat(heard).containsExactly(fresh);
  }

  @Test
  void eventsAMeterSentAreToldOnceStoredButEventsReadBackFromItsLogAreNot() throws Exception {
    BatchWriter writer = writer(ReadingInserter.Strategy.UNNEST);
    List<MeterEvent> told = new CopyOnWriteArrayList<>();
    writer.addLiveEventListener(told::addAll);
    MeterEvent pushed = powerFailure("M-LIVE", NOON);
    MeterEvent fromLog = powerFailure("M-LIVE", NOON.minusSeconds(3_600));

    await(writer.submit(Submission.ofEvents(List.of(fromLog))));
    await(writer.submit(List.of(energy("M-LIVE", NOON, "12")), List.of(pushed)));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !told.isEmpty());
    assertThat(told).containsExactly(pushed);
    assertThat(queryLong("SELECT count(*) FROM meter_events WHERE code = 101")).isEqualTo(2);
  }

  @Test
  void aLiveSubmissionTheDatabaseRefusesTellsNoEventListener() throws Exception {
    BatchWriter writer =
        new BatchWriter(
            dataSource(),
            directory,
            new RejectingInserter("666"),
            BatchWriterConfig.defaults()
                .withWriterThreads(1)
                .withBatch(100, Duration.ofMillis(200)),
            new SimpleMeterRegistry());
    writers.add(writer);
    List<MeterEvent> told = new CopyOnWriteArrayList<>();
    writer.addLiveEventListener(told::addAll);

    WriteResult refused =
        await(
            writer.submit(List.of(energy("M-R", NOON, "666")), List.of(powerFailure("M-R", NOON))));
    WriteResult stored =
        await(
            writer.submit(
                List.of(energy("M-R", NOON.plusSeconds(1), "1")),
                List.of(powerFailure("M-R", NOON.plusSeconds(1)))));

    assertThat(refused.deadLettered()).isEqualTo(2);
    assertThat(stored.eventsInserted()).isEqualTo(1);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !told.isEmpty());
    assertThat(told).containsExactly(powerFailure("M-R", NOON.plusSeconds(1)));
  }

  @Test
  void eventsAreDeduplicated() throws Exception {
    BatchWriter writer = writer(ReadingInserter.Strategy.UNNEST);
    Submission events =
        Submission.ofEvents(List.of(powerFailure("M-E", NOON), powerFailure("M-E", NOON)));

    WriteResult first = await(writer.submit(events));
    WriteResult second = await(writer.submit(events));

    assertThat(first.eventsInserted()).isEqualTo(1);
    assertThat(first.eventsDuplicate()).isEqualTo(1);
    assertThat(second.eventsInserted()).isZero();
    assertThat(queryLong("SELECT count(*) FROM meter_events WHERE code = 101")).isEqualTo(1);
  }

  @Test
  void aTransientDatabaseFailureIsRetriedWithoutLosingTheBatch() throws Exception {
    FlakyInserter flaky =
        new FlakyInserter(ReadingInserter.Strategy.UNNEST.create("reading_rows"), 2);
    BatchWriter writer =
        new BatchWriter(
            dataSource(),
            directory,
            flaky,
            BatchWriterConfig.defaults()
                .withRetries(5, Duration.ofMillis(10), Duration.ofMillis(20)),
            new SimpleMeterRegistry());
    writers.add(writer);

    WriteResult result =
        await(writer.submit(Submission.ofReadings(List.of(energy("M-F", NOON, "1")))));

    assertThat(result.readingsInserted()).isEqualTo(1);
    assertThat(flaky.calls()).isEqualTo(3);
  }

  @Test
  void aSubmissionTheDatabaseRejectsFailsAloneAndItsNeighboursAreStored() throws Exception {
    BatchWriter writer =
        new BatchWriter(
            dataSource(),
            directory,
            new RejectingInserter("666"),
            BatchWriterConfig.defaults()
                .withWriterThreads(1)
                .withBatch(100, Duration.ofMillis(200)),
            new SimpleMeterRegistry());
    writers.add(writer);

    CompletableFuture<WriteResult> good =
        writer.submit(Submission.ofReadings(List.of(energy("M-G", NOON, "1"))));
    CompletableFuture<WriteResult> bad =
        writer.submit(Submission.ofReadings(List.of(energy("M-G", NOON.plusSeconds(1), "666"))));

    assertThat(await(good).readingsInserted()).isEqualTo(1);
    // refused for good: kept as a dead letter, and delivered as far as its sender is concerned
    assertThat(await(bad).deadLettered()).isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(1);
    assertThat(
            queryLong(
                "SELECT count(*) FROM dead_letters WHERE source = 'writer' AND reason = 'database_refused'"
                    + " AND meter_serial = 'M-G' AND resolved_at IS NULL AND convert_from(payload, 'UTF8') LIKE '%\"666\"%'"))
        .isEqualTo(1);
  }

  @Test
  void anErrorOnOneSubmissionSinksNoNeighbourAndTheWriterGoesOn() throws Exception {
    BatchWriter writer =
        new BatchWriter(
            dataSource(),
            directory,
            new ExhaustingInserter("1E+999999999"),
            BatchWriterConfig.defaults()
                .withWriterThreads(1)
                .withBatch(100, Duration.ofMillis(200)),
            new SimpleMeterRegistry());
    writers.add(writer);

    CompletableFuture<WriteResult> before =
        writer.submit(Submission.ofReadings(List.of(energy("M-E", NOON, "1"))));
    CompletableFuture<WriteResult> poison =
        writer.submit(
            Submission.ofReadings(
                List.of(
                    new Reading(
                        "M-E",
                        StoreFixtures.ENERGY_IMPORT,
                        NOON.plusSeconds(1),
                        new BigDecimal("1e999999999"),
                        "Wh"))));
    assertThat(await(before).readingsInserted()).isEqualTo(1);
    assertThat(await(poison).deadLettered()).isEqualTo(1);

    WriteResult after =
        await(
            writer.submit(Submission.ofReadings(List.of(energy("M-E", NOON.plusSeconds(2), "2")))));

    assertThat(after.readingsInserted()).isEqualTo(1);
    assertThat(writer.writersAlive()).isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(2);
    assertThat(
            queryLong(
                "SELECT count(*) FROM dead_letters WHERE reason = 'writer_error'"
                    + " AND convert_from(payload, 'UTF8') LIKE '%1E+999999999%'"))
        .isEqualTo(1);
  }

  @Test
  void anOutageLongerThanAnyAttemptLimitIsWaitedOutAndLosesNothing() throws Exception {
    FlakyInserter outage =
        new FlakyInserter(
            ReadingInserter.Strategy.UNNEST.create("reading_rows"),
            25,
            () -> new SQLException("Connection is closed"));
    BatchWriter writer =
        new BatchWriter(
            dataSource(),
            directory,
            outage,
            BatchWriterConfig.defaults().withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5)),
            new SimpleMeterRegistry());
    writers.add(writer);

    WriteResult result =
        await(writer.submit(Submission.ofReadings(List.of(energy("M-O", NOON, "5")))));

    assertThat(result.readingsInserted()).isEqualTo(1);
    assertThat(outage.calls()).isEqualTo(26);
    assertThat(queryLong("SELECT count(*) FROM dead_letters WHERE meter_serial = 'M-O'")).isZero();
  }

  @Test
  void closingCommitsWhatIsStillQueued() throws Exception {
    BatchWriter writer =
        new BatchWriter(
            dataSource(),
            directory,
            BatchWriterConfig.defaults().withBatch(10_000, Duration.ofSeconds(20)),
            new SimpleMeterRegistry());
    CompletableFuture<WriteResult> pending =
        writer.submit(Submission.ofReadings(List.of(energy("M-C", NOON, "3"))));

    writer.close();

    assertThat(pending).isCompletedWithValueMatching(r -> r.readingsInserted() == 1);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(1);
    assertThat(writer.submit(Submission.ofReadings(List.of(energy("M-C", NOON, "3")))))
        .isCompletedExceptionally();
  }

  /** Fails with a connection error a few times, then works. */
  static final class FlakyInserter implements ReadingInserter {
    private final ReadingInserter delegate;
    private final java.util.function.Supplier<SQLException> failure;
    private int failuresLeft;
    private int calls;

    FlakyInserter(ReadingInserter delegate, int failures) {
      this(delegate, failures, () -> new SQLException("connection reset", "08006"));
    }

    FlakyInserter(
        ReadingInserter delegate, int failures, java.util.function.Supplier<SQLException> failure) {
      this.delegate = delegate;
      this.failuresLeft = failures;
      this.failure = failure;
    }

    @Override
    public synchronized java.util.Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows)
        throws SQLException {
      calls++;
      if (failuresLeft-- > 0) {
        throw failure.get();
      }
      return delegate.insert(c, rows);
    }

    synchronized int calls() {
      return calls;
    }
  }

  /**
   * Runs out of memory on one particular value, as {@code toPlainString()} of 1E+999999999 would
   * (thrown here rather than provoked, so the test JVM's heap is not at stake).
   */
  static final class ExhaustingInserter implements ReadingInserter {
    private final String poison;
    private final ReadingInserter delegate = ReadingInserter.Strategy.UNNEST.create("reading_rows");

    ExhaustingInserter(String poison) {
      this.poison = poison;
    }

    @Override
    public java.util.Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows)
        throws SQLException {
      if (rows.stream().anyMatch(r -> r.value().toString().equals(poison))) {
        throw new OutOfMemoryError("Java heap space");
      }
      return delegate.insert(c, rows);
    }
  }

  /** A database that refuses one particular value, as it would a malformed row. */
  static final class RejectingInserter implements ReadingInserter {
    private final String poison;
    private final ReadingInserter delegate = ReadingInserter.Strategy.UNNEST.create("reading_rows");

    RejectingInserter(String poison) {
      this.poison = poison;
    }

    @Override
    public java.util.Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows)
        throws SQLException {
      if (rows.stream().anyMatch(r -> r.value().toPlainString().equals(poison))) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1/0")) {
          ps.executeQuery();
        }
      }
      return delegate.insert(c, rows);
    }
  }
}
