package org.urja.ingest.store.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.db.DailyPartitions;
import org.urja.ingest.db.ReadingRows;
import org.urja.ingest.store.ReadingInserter;
import org.urja.ingest.store.ResolvedReading;
import org.urja.ingest.store.StagedCopyReadingInserter;

/**
 * Measures how fast readings reach the database, by storage strategy, writer count and batch size,
 * against {@code bench_readings}: a table shaped like {@code reading_rows} (primary key on
 * (meter_id, obis, ts), daily range partitions plus DEFAULT), so production data is untouched. The
 * raw binary COPY without dedup is the ceiling the dedup strategies are compared with. Storage
 * only: no queue, no meter lookup, one transaction per batch.
 */
public final class StoreBenchmark {

  private static final Logger log = LoggerFactory.getLogger(StoreBenchmark.class);
  static final String TABLE = "bench_readings";
  private static final int READINGS_PER_METER_DAY = 96; // 15-minute block load profile

  /** What is measured. */
  public enum Method {
    /** Binary COPY straight into the table, no duplicate handling: the ceiling. */
    RAW_COPY,
    UNNEST,
    STAGED_COPY
  }

  /** One measurement. */
  public record Result(
      String strategy, int writers, int batch, long rows, double seconds, double rowsPerSecond) {
    @Override
    public String toString() {
      return String.format(
          "%-12s writers=%d batch=%,6d rows=%,d %.2fs %,.0f rows/s",
          strategy, writers, batch, rows, seconds, rowsPerSecond);
    }
  }

  private final DataSource dataSource;

  /** {@code dataSource} needs at least two connections for the two-writer runs. */
  public StoreBenchmark(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The full matrix: every method, with 1 and 2 writers, batches of 1,000 and 5,000, each run
   * writing {@code rows} synthetic readings into an emptied table, after a short warm-up.
   */
  public List<Result> run(int rows) throws SQLException, InterruptedException {
    return run(rows, 1);
  }

  /**
   * As {@link #run(int)}, measuring each configuration {@code rounds} times and keeping the median
   * run: on a shared machine single runs vary by tens of percent.
   */
  public List<Result> run(int rows, int rounds) throws SQLException, InterruptedException {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1");
    }
    List<ResolvedReading> data = syntheticReadings(rows);
    prepareTable(data);
    for (Method m : Method.values()) {
      measure(m, 1, 1_000, data.subList(0, Math.min(data.size(), 20_000))); // warm-up, discarded
    }
    List<Result> results = new ArrayList<>();
    for (Method m : Method.values()) {
      for (int writers : new int[] {1, 2}) {
        for (int batch : new int[] {1_000, 5_000}) {
          List<Result> runs = new ArrayList<>();
          for (int i = 0; i < rounds; i++) {
            runs.add(measure(m, writers, batch, data));
          }
          runs.sort(java.util.Comparator.comparingDouble(Result::rowsPerSecond));
          Result median = runs.get(runs.size() / 2);
          log.info("{}", median);
          results.add(median);
        }
      }
    }
    dropTable();
    return results;
  }

  /** One measurement of {@code data} (distinct keys); the table is emptied first. */
  public Result measure(Method method, int writers, int batchRows, List<ResolvedReading> data)
      throws SQLException, InterruptedException {
    execute("TRUNCATE " + TABLE);
    checkpoint();
    List<List<ResolvedReading>> batches = new ArrayList<>();
    for (int i = 0; i < data.size(); i += batchRows) {
      batches.add(data.subList(i, Math.min(data.size(), i + batchRows)));
    }
    AtomicInteger next = new AtomicInteger();
    ReadingInserter inserter =
        method == Method.UNNEST
            ? ReadingInserter.Strategy.UNNEST.create(TABLE)
            : ReadingInserter.Strategy.STAGED_COPY.create(TABLE);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    long start = System.nanoTime();
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        done.add(pool.submit(() -> writeBatches(method, inserter, batches, next)));
      }
      long written = 0;
      for (Future<Long> f : done) {
        written += f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(method.name(), writers, batchRows, written, seconds, written / seconds);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new SQLException("benchmark writer failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private long writeBatches(
      Method method,
      ReadingInserter inserter,
      List<List<ResolvedReading>> batches,
      AtomicInteger next)
      throws SQLException {
    long written = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
        List<ResolvedReading> batch = batches.get(i);
        if (method == Method.RAW_COPY) {
          written += StagedCopyReadingInserter.copy(c, TABLE, batch);
        } else {
          written += inserter.insert(c, batch).size();
        }
        c.commit();
      }
      c.setAutoCommit(true);
    }
    return written;
  }

  /** {@code rows} readings of the cumulative-energy register, 96 a day per meter, ending now. */
  public static List<ResolvedReading> syntheticReadings(int rows) {
    List<ResolvedReading> data = new ArrayList<>(rows);
    Instant start = syntheticStart();
    for (int i = 0; i < rows; i++) {
      data.add(syntheticReading(i, start));
    }
    return data;
  }

  private static Instant syntheticStart() {
    return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS);
  }

  /**
   * The {@code i}-th synthetic reading: meter 1 + i / 96, its 15-minute slot i mod 96 from {@code
   * start}.
   */
  static ResolvedReading syntheticReading(long i, Instant start) {
    long meter = 1 + i / READINGS_PER_METER_DAY;
    int slot = (int) (i % READINGS_PER_METER_DAY);
    Instant ts = start.plus(15L * slot, ChronoUnit.MINUTES);
    BigDecimal wh = BigDecimal.valueOf(1_000_000L + meter * 1_000 + slot * 125L, 1);
    return new ResolvedReading(meter, "1.0.1.8.0.255", ts, wh, "Wh", null);
  }

  /**
   * A sustained ceiling: {@code rows} synthetic readings written by {@code writers} connections in
   * {@code batchRows} batches into the emptied table, which grows (with its primary key index) as
   * it would under ingest. Each batch is generated as it is written, so any number of rows fits in
   * memory; that generation (about a microsecond a row) is part of the figure, as the writer's own
   * preparation is part of ingest's. The table is dropped afterwards.
   */
  public Result sustained(Method method, int writers, int batchRows, long rows)
      throws SQLException, InterruptedException {
    Instant start = syntheticStart();
    LocalDate first = start.atZone(ZoneOffset.UTC).toLocalDate();
    prepareTable(first, first.plusDays(2));
    checkpoint();
    long batches = (rows + batchRows - 1) / batchRows;
    java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    ReadingInserter inserter = ReadingInserter.Strategy.UNNEST.create(TABLE);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    long t0 = System.nanoTime();
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        done.add(
            pool.submit(
                () -> {
                  long written = 0;
                  try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                      List<ResolvedReading> batch = new ArrayList<>(batchRows);
                      for (long i = b * batchRows; i < Math.min(rows, (b + 1) * batchRows); i++) {
                        batch.add(syntheticReading(i, start));
                      }
                      written +=
                          method == Method.RAW_COPY
                              ? StagedCopyReadingInserter.copy(c, TABLE, batch)
                              : method == Method.UNNEST
                                  ? inserter.insert(c, batch).size()
                                  : ReadingInserter.Strategy.STAGED_COPY
                                      .create(TABLE)
                                      .insert(c, batch)
                                      .size();
                      c.commit();
                    }
                    c.setAutoCommit(true);
                  }
                  return written;
                }));
      }
      long written = 0;
      for (Future<Long> f : done) {
        written += f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Result r = new Result(method.name(), writers, batchRows, written, seconds, written / seconds);
      log.info("sustained {}", r);
      return r;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new SQLException("benchmark writer failed", e.getCause());
    } finally {
      pool.shutdownNow();
      dropTable();
    }
  }

  private void prepareTable(List<ResolvedReading> data) throws SQLException {
    LocalDate first =
        data.stream()
            .map(r -> r.ts())
            .min(Instant::compareTo)
            .orElse(Instant.now())
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    LocalDate last =
        data.stream()
            .map(r -> r.ts())
            .max(Instant::compareTo)
            .orElse(Instant.now())
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    prepareTable(first, last);
  }

  private void prepareTable(LocalDate first, LocalDate last) throws SQLException {
    dropTable();
    execute(
        "CREATE TABLE "
            + TABLE
            + " (LIKE "
            + ReadingRows.TABLE
            + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
            + " PRIMARY KEY (meter_id, obis, ts)) PARTITION BY RANGE (ts)");
    execute("CREATE TABLE " + TABLE + "_default PARTITION OF " + TABLE + " DEFAULT");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      new DailyPartitions(c).ensureRange(TABLE, first, last);
      c.commit();
      c.setAutoCommit(true);
    }
  }

  // Start each run with clean buffers so one run's checkpoint is not billed to the next.
  // Needs superuser (or pg_checkpoint on PostgreSQL 15+); without it runs are just noisier.
  private void checkpoint() {
    try {
      execute("CHECKPOINT");
    } catch (SQLException e) {
      log.debug("CHECKPOINT not allowed: {}", e.getMessage());
    }
  }

  private void dropTable() throws SQLException {
    execute("DROP TABLE IF EXISTS " + TABLE);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
