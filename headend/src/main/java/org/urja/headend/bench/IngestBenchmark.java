package org.urja.headend.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.urja.headend.app.HeadEnd;
import org.urja.ingest.store.bench.StoreBenchmark;

/**
 * {@code bench ingest}: a simulated fleet (a separate JVM, as meters are separate machines) drives
 * the head-end over DLMS/TCP on this machine; the head-end side measures sustained readings
 * committed per second, push-to-commit latency and heap, and then, on the same database, the raw
 * COPY and dedup-insert ceilings for the same shape of rows, each sustained over at least as many
 * rows as the window committed.
 */
public final class IngestBenchmark {
  /** What one run measured. */
  public record Report(
      int meters,
      Duration interval,
      double seconds,
      long connectedPeak,
      double readingsPerSecond,
      double p50Millis,
      double p99Millis,
      long heapMaxMb,
      double decodeErrors,
      WindowCpu cpu,
      List<StoreBenchmark.Result> storage,
      String loadBefore,
      String loadAfter) {}

  /**
   * The head-end's defaults (store.writers, store.batch.rows), which the ceilings are measured
   * with.
   */
  static final int WRITERS = 2;

  static final int BATCH = 5_000;

  private final HeadEnd hes;
  private final List<String> simulatorJvmOptions;

  public IngestBenchmark(HeadEnd hes) {
    this(hes, List.of());
  }

  /** {@code simulatorJvmOptions}: extra options for the simulator JVM, e.g. a JFR recording. */
  public IngestBenchmark(HeadEnd hes, List<String> simulatorJvmOptions) {
    this.hes = hes;
    this.simulatorJvmOptions = List.copyOf(simulatorJvmOptions);
  }

  public Report run(
      int meters,
      Duration interval,
      Duration warmup,
      Duration measure,
      int copyRows,
      String simulatorHeap)
      throws Exception {
    String loadBefore = MachineLoad.now();
    Process sim =
        SimulatorProcess.start(hes.tcpPort(), meters, interval, simulatorHeap, simulatorJvmOptions);
    try {
      long deadline = System.nanoTime() + warmup.toNanos();
      while (System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        System.out.printf(
            "warm-up: %,d meters connected, %,.0f readings stored%n",
            hes.sessions().connected(), stored());
        if (!sim.isAlive()) {
          throw new IllegalStateException("simulator exited early with code " + sim.exitValue());
        }
      }
      double startRows = stored();
      CountAtBucket[] startBuckets = latencyBuckets();
      WindowCpu.Probe cpu = WindowCpu.start(sim.pid(), hes.dataSource());
      long startNanos = System.nanoTime();
      long heapMax = 0;
      long connectedPeak = 0;
      long end = startNanos + measure.toNanos();
      while (System.nanoTime() < end) {
        Thread.sleep(1_000);
        heapMax =
            Math.max(heapMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        connectedPeak = Math.max(connectedPeak, hes.sessions().connected());
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      double readings = stored() - startRows;
      WindowCpu windowCpu = cpu.stop(seconds, readings);
      double rate = readings / seconds;
      double[] pct = windowPercentiles(startBuckets, latencyBuckets());
      double errors = hes.ingestMetrics().decodeErrors();
      sim.destroy();
      sim.waitFor(20, TimeUnit.SECONDS);
      awaitDrained();
      // Sustained, not bursts: at least as many rows as the window committed, into a table that
      // grows as readings does, with the head-end's writer count and batch size.
      long rows = Math.max(copyRows, (long) readings);
      System.out.printf(
          "measuring the raw COPY and dedup-insert ceilings sustained over %,d rows each…%n", rows);
      StoreBenchmark store = new StoreBenchmark(hes.dataSource());
      List<StoreBenchmark.Result> storage =
          List.of(
              store.sustained(StoreBenchmark.Method.RAW_COPY, WRITERS, BATCH, rows),
              store.sustained(StoreBenchmark.Method.UNNEST, WRITERS, BATCH, rows));
      return new Report(
          meters,
          interval,
          seconds,
          connectedPeak,
          rate,
          pct[0],
          pct[1],
          heapMax >> 20,
          errors,
          windowCpu,
          storage,
          loadBefore,
          MachineLoad.now());
    } finally {
      sim.destroyForcibly();
    }
  }

  // The storage matrix must not compete with the writer still draining the fleet's backlog.
  private void awaitDrained() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (hes.writer().queuedRows() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  private double stored() {
    return hes
        .registry()
        .find("urja.ingest.rows.written")
        .tag("kind", "reading")
        .tag("outcome", "inserted")
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private CountAtBucket[] latencyBuckets() {
    Timer t =
        hes.registry().find("urja.ingest.push.commit.latency").tag("transport", "tcp").timer();
    return t == null ? new CountAtBucket[0] : t.takeSnapshot().histogramCounts();
  }

  /**
   * p50 and p99 of the pushes committed inside the measuring window only: the difference of the
   * cumulative histogram buckets at its start and end (bucket resolution, about 10 %).
   */
  static double[] windowPercentiles(CountAtBucket[] before, CountAtBucket[] after) {
    double total =
        after.length == 0
            ? 0
            : after[after.length - 1].count()
                - (before.length == 0 ? 0 : before[before.length - 1].count());
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    for (int i = 0; i < after.length && total > 0; i++) {
      double c = after[i].count() - (i < before.length ? before[i].count() : 0);
      if (Double.isNaN(p50) && c >= 0.5 * total) {
        p50 = after[i].bucket(TimeUnit.MILLISECONDS);
      }
      if (Double.isNaN(p99) && c >= 0.99 * total) {
        p99 = after[i].bucket(TimeUnit.MILLISECONDS);
      }
    }
    return new double[] {p50, p99};
  }

  /** The report as the Markdown rows docs/BENCHMARKS.md keeps. */
  public static String markdown(Report r) {
    StringBuilder sb = new StringBuilder();
    double raw =
        r.storage().stream()
            .filter(s -> s.strategy().equals("RAW_COPY"))
            .mapToDouble(StoreBenchmark.Result::rowsPerSecond)
            .max()
            .orElse(Double.NaN);
    double dedup =
        r.storage().stream()
            .filter(s -> s.strategy().equals("UNNEST"))
            .mapToDouble(StoreBenchmark.Result::rowsPerSecond)
            .max()
            .orElse(Double.NaN);
    sb.append(String.format(Locale.ROOT, "| measure | value |%n|---|---|%n"));
    sb.append(
        String.format(
            Locale.ROOT,
            "| meters (TCP, one simulator JVM) | %,d (peak connected %,d) |%n",
            r.meters(),
            r.connectedPeak()));
    sb.append(
        String.format(
            Locale.ROOT, "| capture period every | %s (7 readings per push) |%n", r.interval()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| offered load | %,.0f readings/s |%n",
            r.meters() * 7.0 / (r.interval().toMillis() / 1000.0)));
    sb.append(
        String.format(
            Locale.ROOT,
            "| sustained readings committed | **%,.0f /s** over %.0f s |%n",
            r.readingsPerSecond(),
            r.seconds()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| push-to-commit latency p50 / p99 (histogram bucket upper bounds) | ≤ %.1f ms / ≤ %.1f ms |%n",
            r.p50Millis(),
            r.p99Millis()));
    sb.append(
        String.format(
            Locale.ROOT, "| head-end heap used (max sampled) | %,d MB |%n", r.heapMaxMb()));
    sb.append(String.format(Locale.ROOT, "| decode errors | %.0f |%n", r.decodeErrors()));
    sb.append(r.cpu().markdownRows());
    sb.append(
        String.format(
            Locale.ROOT,
            "| load average at start / end | %s / %s |%n",
            r.loadBefore(),
            r.loadAfter()));
    for (StoreBenchmark.Result s : r.storage()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s ceiling, sustained (%d writers × %,d-row batches, %,d rows in %.0f s) | %,.0f rows/s |%n",
              s.strategy().equals("RAW_COPY")
                  ? "raw binary COPY"
                  : "dedup insert (UNNEST … ON CONFLICT DO NOTHING)",
              s.writers(),
              s.batch(),
              s.rows(),
              s.seconds(),
              s.rowsPerSecond()));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "| **ingest ÷ dedup ceiling** | **%.0f %%** (ingest ÷ raw COPY %.0f %%) |%n",
            100 * r.readingsPerSecond() / dedup,
            100 * r.readingsPerSecond() / raw));
    return sb.toString();
  }
}
