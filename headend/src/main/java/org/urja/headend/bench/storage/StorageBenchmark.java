package org.urja.headend.bench.storage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.urja.headend.bench.MachineLoad;
import org.urja.ingest.db.ReadingRows;
import org.urja.ingest.store.ResolvedReading;
import org.urja.ingest.store.StagedCopyReadingInserter;

/**
 * {@code bench storage}: loads a realistic week of a fleet ({@link FleetWeek}) into the project's
 * own {@code reading_rows} of a freshly migrated database, compresses every chunk where the layout
 * is TimescaleDB, and reports bytes per reading before and after, per column of the compressed
 * chunks, and for the alternative layouts of {@link StorageTrials}. It checks that the view {@code
 * readings} answers the same before and after compression.
 */
public final class StorageBenchmark {
  /** What one run measured. */
  public record Report(
      String server,
      boolean timescale,
      int meters,
      int days,
      long rows,
      double loadSeconds,
      long bytesBefore,
      long bytesAfter,
      double compressSeconds,
      Map<String, Long> columnBytes,
      boolean sameAnswers,
      List<StorageTrials.Outcome> trials,
      String loadBefore,
      String loadAfter) {}

  private static final int COPY_ROWS = 50_000;

  private final DataSource dataSource;

  public StorageBenchmark(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Report run(int meters, int days, int trialMeters) throws SQLException {
    String loadBefore = MachineLoad.now();
    try (Connection c = dataSource.getConnection()) {
      boolean timescale = TableSizes.isHypertable(c, ReadingRows.TABLE);
      String server = server(c, timescale);
      if (timescale) {
        // the bench compresses by itself; a policy run in the middle would blur the before figure
        execute(
            c,
            "SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs WHERE job_id >= 1000");
      }
      execute(c, "TRUNCATE " + ReadingRows.TABLE);
      long start = System.nanoTime();
      load(c, meters, days);
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      execute(c, "ANALYZE " + ReadingRows.TABLE);
      long rows = TableSizes.rows(c, ReadingRows.TABLE);
      long before = TableSizes.totalBytes(c, ReadingRows.TABLE);
      System.out.printf(
          "loaded %,d readings in %.0f s: %,d bytes, %.1f B/reading%n",
          rows, loadSeconds, before, (double) before / rows);
      String answerBefore = answers(c);
      long after = before;
      double compressSeconds = 0;
      Map<String, Long> columns = Map.of();
      List<StorageTrials.Outcome> trials = List.of();
      if (timescale) {
        long t = System.nanoTime();
        long chunks = TableSizes.compressAll(c, ReadingRows.TABLE);
        compressSeconds = (System.nanoTime() - t) / 1e9;
        after = TableSizes.totalBytes(c, ReadingRows.TABLE);
        columns = TableSizes.compressedColumnBytes(c, ReadingRows.TABLE);
        System.out.printf(
            "compressed %d chunks in %.0f s: %,d bytes, %.2f B/reading%n",
            chunks, compressSeconds, after, (double) after / rows);
      }
      String answerAfter = answers(c);
      System.out.printf(
          "readings before compression: %s%nreadings after compression:  %s%n",
          answerBefore, answerAfter);
      if (timescale && trialMeters > 0) {
        trials = StorageTrials.run(c, trialMeters);
      }
      return new Report(
          server,
          timescale,
          meters,
          days,
          rows,
          loadSeconds,
          before,
          after,
          compressSeconds,
          columns,
          answerBefore.equals(answerAfter),
          trials,
          loadBefore,
          MachineLoad.now());
    }
  }

  private static void load(Connection c, int meters, int days) throws SQLException {
    Instant start =
        LocalDate.now(ZoneOffset.UTC).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    FleetWeek week = new FleetWeek(meters, start);
    c.setAutoCommit(false);
    List<ResolvedReading> batch = new ArrayList<>(COPY_ROWS + meters * FleetWeek.OBIS.length);
    int slots = days * 96;
    for (int slot = 0; slot < slots; slot++) {
      batch.addAll(week.interval(slot));
      if (batch.size() >= COPY_ROWS || slot == slots - 1) {
        StagedCopyReadingInserter.copy(c, ReadingRows.TABLE, batch, FleetWeek::receivedAt);
        c.commit();
        batch.clear();
      }
    }
    c.setAutoCommit(true);
  }

  // A digest of everything a reader sees through the view: it must not change when chunks compress.
  private static String answers(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), sum(value), max(value), sum(extract(epoch FROM received_at)),"
                    + " count(DISTINCT unit) FROM readings")) {
      rs.next();
      BigDecimal sum = rs.getBigDecimal(2);
      return String.format(
          Locale.ROOT,
          "rows %d, Σ value %s, max %s, Σ received_at %s, units %d",
          rs.getLong(1),
          sum,
          rs.getBigDecimal(3),
          rs.getBigDecimal(4),
          rs.getLong(5));
    }
  }

  private static String server(Connection c, boolean timescale) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_setting('server_version'), (SELECT extversion FROM pg_extension"
                    + " WHERE extname = 'timescaledb')")) {
      rs.next();
      return "PostgreSQL "
          + rs.getString(1)
          + (timescale ? ", TimescaleDB " + rs.getString(2) : " (plain layout)");
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The report as the Markdown docs/BENCHMARKS.md keeps. */
  public static String markdown(Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "| measure | value |%n|---|---|%n"));
    sb.append(String.format(Locale.ROOT, "| server | %s |%n", r.server()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| load average at start / end | %s / %s |%n",
            r.loadBefore(),
            r.loadAfter()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| data | %,d meters × %d OBIS × 96 a day × %d days = %,d readings |%n",
            r.meters(),
            FleetWeek.OBIS.length,
            r.days(),
            r.rows()));
    sb.append(
        String.format(
            Locale.ROOT, "| load (binary COPY, one writer) | %.0f s |%n", r.loadSeconds()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| bytes per reading, uncompressed (heap + primary key + TOAST) | %.1f |%n",
            (double) r.bytesBefore() / r.rows()));
    if (r.timescale()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| bytes per reading, compressed | **%.2f** (compressing took %.0f s) |%n",
              (double) r.bytesAfter() / r.rows(),
              r.compressSeconds()));
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "| bytes per reading, compressed | (the plain layout does not compress) |%n"));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "| readings view answers the same after compression | %s |%n%n",
            r.sameAnswers() ? "yes" : "**NO**"));
    if (!r.columnBytes().isEmpty()) {
      long total = r.columnBytes().values().stream().mapToLong(Long::longValue).sum();
      sb.append(
          String.format(
              Locale.ROOT, "| compressed column | bytes per reading | share |%n|---|---|---|%n"));
      r.columnBytes()
          .forEach(
              (col, bytes) ->
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %.3f | %.0f %% |%n",
                          col,
                          (double) bytes / r.rows(),
                          100.0 * bytes / total)));
      sb.append(
          String.format(
              Locale.ROOT,
              "| (pages, tuple headers, segment index) | %.3f | |%n%n",
              (double) (r.bytesAfter() - total) / r.rows()));
    }
    if (!r.trials().isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| layout tried (%,d readings each) | segment by | order by | sparse index"
                  + " | B/reading before | after |%n|---|---|---|---|---|---|%n",
              r.trials().get(0).rows()));
      for (StorageTrials.Outcome o : r.trials()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %.1f | %.2f |%n",
                o.trial().name(),
                o.trial().segmentBy(),
                o.trial().orderBy(),
                o.trial().index(),
                o.before(),
                o.after()));
      }
    }
    return sb.toString();
  }
}
