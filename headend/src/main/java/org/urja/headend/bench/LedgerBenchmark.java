package org.urja.headend.bench;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.urja.headend.app.HeadEnd;

/**
 * {@code bench ledger}: prepaid charging and relay switching under the ingest benchmark's load. The
 * simulator JVM's meters all have prepaid accounts, so the live charging feed charges what ingest
 * commits; on top of that we measure the charger's ceiling with synthetic readings, and then the
 * relay latencies with a small in-process fleet whose relays we can watch, the load still running.
 */
public final class LedgerBenchmark {
  /** Everything one run measured. */
  public record Report(
      int meters,
      Duration interval,
      double liveSeconds,
      double energyReadingsPerSecond,
      double liveChargedPerSecond,
      double liveProcessedPerSecond,
      long feedBacklogMax,
      ChargingThroughput.Result ceilingAlone,
      ChargingThroughput.Result ceiling,
      int probeMeters,
      RelayLatency.Result relay,
      Duration policyEvery,
      Duration relayPollEvery,
      String loadBefore,
      String loadAfter) {

    /**
     * Readings the live feed got through (every outcome: a meter's first reading is a baseline, not
     * a deduction) ÷ energy readings committed: at least 1 when charging keeps pace.
     */
    public double keepPace() {
      return energyReadingsPerSecond == 0 ? 0 : liveProcessedPerSecond / energyReadingsPerSecond;
    }
  }

  /** How to run. */
  public record Options(
      int meters,
      Duration interval,
      Duration warmup,
      Duration measure,
      int chargeAccounts,
      int chargeRounds,
      int probeMeters,
      int relayRounds,
      String simulatorHeap,
      List<String> simulatorJvmOptions,
      String gatewayToken,
      Duration policyEvery,
      Duration relayPollEvery) {}

  private static final long AMPLE_CREDIT_PAISE = 1_000_000_000L;
  private static final long PROBE_CREDIT_PAISE = 2_000;

  private final HeadEnd hes;

  public LedgerBenchmark(HeadEnd hes) {
    this.hes = hes;
  }

  public Report run(Options o) throws Exception {
    BenchAccounts accounts = new BenchAccounts(hes.prepaid());
    System.out.printf(
        "opening %,d prepaid accounts for the simulated fleet and %,d for the charging ceiling…%n",
        o.meters(), o.chargeAccounts());
    accounts.open(serials("SIM", o.meters()), AMPLE_CREDIT_PAISE);
    List<String> ceilingMeters = serials("CHG", o.chargeAccounts());
    accounts.open(ceilingMeters, AMPLE_CREDIT_PAISE);
    accounts.open(serials("RLY", o.probeMeters()), PROBE_CREDIT_PAISE);
    String loadBefore = loadAverage();
    System.out.println("charging ceiling with synthetic readings, alone (no ingest)…");
    ChargingThroughput throughput =
        new ChargingThroughput(hes.prepaid().charger(), hes.dataSource());
    ChargingThroughput.Result alone = throughput.run(ceilingMeters, o.chargeRounds());
    System.out.printf("alone: %,.0f readings/s%n", alone.readingsPerSecond());

    Process sim =
        SimulatorProcess.start(
            hes.tcpPort(), o.meters(), o.interval(), o.simulatorHeap(), o.simulatorJvmOptions());
    try {
      sleepWatching(sim, o.warmup());
      double energy0 = energyStored();
      double charged0 = charged();
      double processed0 = processed();
      long start = System.nanoTime();
      long backlogMax = 0;
      while (System.nanoTime() - start < o.measure().toNanos()) {
        Thread.sleep(500);
        backlogMax = Math.max(backlogMax, hes.prepaid().feed().backlog());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double energyRate = (energyStored() - energy0) / seconds;
      double chargedRate = (charged() - charged0) / seconds;
      double processedRate = (processed() - processed0) / seconds;
      System.out.printf(
          "live: %,.0f energy readings/s committed, %,.0f charged/s (%,.0f/s every outcome), "
              + "feed backlog max %,d%n",
          energyRate, chargedRate, processedRate, backlogMax);
      System.out.println("charging ceiling with synthetic readings, under the same load…");
      ChargingThroughput.Result ceiling = throughput.run(ceilingMeters, o.chargeRounds());
      System.out.println("relay latency rounds…");
      RelayLatency.Result latency =
          new RelayLatency(hes, o.gatewayToken()).run(o.probeMeters(), o.relayRounds());
      return new Report(
          o.meters(),
          o.interval(),
          seconds,
          energyRate,
          chargedRate,
          processedRate,
          backlogMax,
          alone,
          ceiling,
          o.probeMeters(),
          latency,
          o.policyEvery(),
          o.relayPollEvery(),
          loadBefore,
          loadAverage());
    } finally {
      sim.destroyForcibly();
    }
  }

  private void sleepWatching(Process sim, Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(1_000);
      System.out.printf(
          "warm-up: %,d meters connected, charging backlog %,d%n",
          hes.sessions().connected(), hes.prepaid().feed().backlog());
      if (!sim.isAlive()) {
        throw new IllegalStateException("simulator exited early with code " + sim.exitValue());
      }
    }
  }

  /**
   * The one-minute load average: the machine may be shared, and a result says under what load it
   * was made.
   */
  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  private static List<String> serials(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + String.format("%08d", i)).toList();
  }

  // 1.0.1.8.0.255 is one of the seven readings of every instant push.
  private double energyStored() {
    return hes
            .registry()
            .find("urja.ingest.rows.written")
            .tag("kind", "reading")
            .tag("outcome", "inserted")
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum()
        / 7.0;
  }

  /** Readings the charger got through, whatever the outcome. */
  private double processed() {
    return hes.registry().find("urja.ledger.readings").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private double charged() {
    return hes.registry().find("urja.ledger.readings").tag("outcome", "charged").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** The report as the Markdown rows docs/BENCHMARKS.md keeps. */
  public static String markdown(Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "| measure | value |%n|---|---|%n"));
    sb.append(
        String.format(
            Locale.ROOT,
            "| ingest load | %,d meters (simulator JVM), one push every %s |%n",
            r.meters(),
            r.interval()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| energy readings committed (live) | %,.0f /s over %.0f s |%n",
            r.energyReadingsPerSecond(),
            r.liveSeconds()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| of those charged by the live feed | %,.0f deductions/s, %,.0f readings/s every outcome (feed backlog max %,d) |%n",
            r.liveChargedPerSecond(),
            r.liveProcessedPerSecond(),
            r.feedBacklogMax()));
    sb.append(
        String.format(
            Locale.ROOT, "| charging ÷ energy readings committed | **%.2f** |%n", r.keepPace()));
    ChargingThroughput.Result a = r.ceilingAlone();
    sb.append(
        String.format(
            Locale.ROOT,
            "| charging ceiling alone (synthetic, no ingest, %,d accounts × %d readings, batches of 5,000) | **%,.0f readings/s**, %,.0f journal entries/s |%n",
            a.accounts(),
            a.readings() / Math.max(1, a.accounts()),
            a.readingsPerSecond(),
            a.entriesPerSecond()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| cost per reading, charger alone (load-independent) | head-end %,.0f µs CPU, PostgreSQL %,.0f µs CPU, %,.0f bytes of WAL |%n",
            a.headEndMicrosPerReading(),
            a.postgresMicrosPerReading(),
            a.walBytesPerReading()));
    ChargingThroughput.Result c = r.ceiling();
    sb.append(
        String.format(
            Locale.ROOT,
            "| charging ceiling under the ingest load (same accounts, later readings) | **%,.0f readings/s**, %,.0f journal entries/s |%n",
            c.readingsPerSecond(),
            c.entriesPerSecond()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| relay policy job / dispatcher poll every | %s / %s |%n",
            r.policyEvery(),
            r.relayPollEvery()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| balance below zero → relay open (%d probe meters) | %s |%n",
            r.probeMeters(),
            r.relay().disconnect()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| reading received → its deduction below zero charged (store and charging lag of the probes) | %s |%n",
            r.relay().chargeLag()));
    sb.append(
        String.format(
            Locale.ROOT, "| recharge posted → relay closed | **%s** |%n", r.relay().reconnect()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| relay switches not seen within 2 min (timeouts) | %d |%n",
            r.relay().timeouts()));
    sb.append(
        String.format(
            Locale.ROOT,
            "| load average (1 min) at start / end | %s / %s |%n",
            r.loadBefore(),
            r.loadAfter()));
    return sb.toString();
  }
}
