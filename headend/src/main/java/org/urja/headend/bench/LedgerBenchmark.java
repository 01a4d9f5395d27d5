package org.urja.headend.bench;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
      boolean atCeiling,
      int identified,
      double layoutsLearned,
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

    /** Energy readings the fleet offers: one per meter per push. */
    public double offeredEnergyPerSecond() {
      return meters * 1e9 / interval.toNanos();
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
      int readingsPerMeter,
      int probeMeters,
      int relayRounds,
      boolean atCeiling,
      String simulatorHeap,
      List<String> simulatorJvmOptions,
      String gatewayToken,
      Duration policyEvery,
      Duration relayPollEvery) {}

  private static final long AMPLE_CREDIT_PAISE = 1_000_000_000L;

  /** How long the fleet's one push each may take to have every layout learned. */
  private static final Duration ACQUAINT_AT_MOST = Duration.ofMinutes(3);

  /** How much longer than the warm-up we wait for the last meters to be identified. */
  private static final Duration IDENTIFY_AT_MOST = Duration.ofMinutes(2);

  private final HeadEnd hes;

  public LedgerBenchmark(HeadEnd hes) {
    this.hes = hes;
  }

  public Report run(Options o) throws Exception {
    BenchAccounts accounts = new BenchAccounts(hes.prepaid());
    System.out.printf(
        "opening %,d prepaid accounts for the charging ceiling…%n", o.chargeAccounts());
    List<String> ceilingMeters = serials("CHG", o.chargeAccounts());
    accounts.open(ceilingMeters, AMPLE_CREDIT_PAISE);
    String loadBefore = loadAverage();
    System.out.println("charging ceiling with synthetic readings, alone (no ingest)…");
    ChargingThroughput throughput =
        new ChargingThroughput(hes.prepaid().charger(), hes.dataSource(), o.readingsPerMeter());
    ChargingThroughput.Result alone = throughput.run(ceilingMeters, o.chargeRounds());
    System.out.printf("alone: %,.0f readings/s%n", alone.readingsPerSecond());

    Map<String, String> fleetModels = FleetImport.models(o.meters());
    System.out.printf(
        "importing the fleet's %,d meters with their makes %s…%n",
        o.meters(), FleetImport.makes(fleetModels));
    FleetImport.register(hes.directory(), BenchAccounts.UTILITY, fleetModels);
    FleetImport.acquaint(hes, o.meters(), ACQUAINT_AT_MOST);
    // only now, so that the acquaintance's pushes are never charged (no account, no position)
    System.out.printf("opening %,d prepaid accounts for the simulated fleet…%n", o.meters());
    accounts.open(serials("SIM", o.meters()), AMPLE_CREDIT_PAISE);

    Process sim =
        SimulatorProcess.start(
            hes.tcpPort(), o.meters(), o.interval(), o.simulatorHeap(), o.simulatorJvmOptions());
    try {
      sleepWatching(sim, o.warmup(), o.meters());
      int identified = hes.sessions().connected();
      double learned = FleetImport.layouts(hes, true);
      System.out.printf(
          "measuring: %,d of %,d meters identified, %,.0f layouts learned%n",
          identified, o.meters(), learned);
      double energy0 = energyStored(o.meters());
      double charged0 = charged();
      double processed0 = processed();
      long start = System.nanoTime();
      long backlogMax = 0;
      while (System.nanoTime() - start < o.measure().toNanos()) {
        Thread.sleep(500);
        backlogMax = Math.max(backlogMax, hes.prepaid().feed().backlog());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double energyRate = (energyStored(o.meters()) - energy0) / seconds;
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
          new RelayLatency(hes, accounts, o.gatewayToken(), o.interval())
              .run(o.probeMeters(), o.relayRounds());
      return new Report(
          o.meters(),
          o.interval(),
          o.atCeiling(),
          identified,
          learned,
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

  /**
   * The warm-up, then on until every meter is identified (at most {@link #IDENTIFY_AT_MOST} more),
   * so that the measured window offers the fleet's nominal load.
   */
  private void sleepWatching(Process sim, Duration d, int meters) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    long latest = end + IDENTIFY_AT_MOST.toNanos();
    while (System.nanoTime() < end
        || (hes.sessions().connected() < meters && System.nanoTime() < latest)) {
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

  /**
   * Energy readings committed: one 1.0.1.8.0.255 per instant push, whose size differs between the
   * fleet's makes ({@link IngestStorm#readingsPerInterval}).
   */
  private double energyStored(int meters) {
    return hes
            .registry()
            .find("urja.ingest.rows.written")
            .tag("kind", "reading")
            .tag("outcome", "inserted")
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum()
        * meters
        / IngestStorm.readingsPerInterval(meters);
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
}
