package org.urja.headend.bench;

import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.demo.FleetLauncher;
import org.urja.headend.demo.FleetOptions;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.profile.CaptureObject;
import org.urja.simulator.fleet.FleetConfig;

/**
 * {@code bench ingest --storm}: a feeder comes back after an outage. The fleet first pushes once
 * (the head-end knows its meters), loses power, and then every meter dials in at once (the
 * simulator ramps each make's block of meters at 2,000 connections a second, so 10,000 within 3 s)
 * and pushes the intervals it captured while it could not reach the head-end, back to back. Reports
 * the time from the first dial until every meter is identified, until every backlog is stored, and
 * until charging has caught up with what was stored. The fleet runs as the drills' fleets do
 * ({@link SimulatorProcess#start(List, String, Path)}), bounded to its backlog.
 */
public final class IngestStorm {
  /** What the storm took. */
  public record Report(
      int meters,
      int known,
      int intervals,
      Duration every,
      long expected,
      long stored,
      double identifiedSeconds,
      double storedSeconds,
      double chargedSeconds,
      long feedBacklogMax,
      double charged,
      String loadBefore,
      String loadAfter,
      double fleetStartupSeconds,
      Duration window,
      List<String> failures) {
    /** Every meter identified and every backlog stored within the window, charging caught up. */
    public boolean met() {
      return failures.isEmpty();
    }
  }

  private static final long AMPLE_CREDIT_PAISE = 1_000_000_000L;
  static final Duration PATIENCE = Duration.ofMinutes(10);

  /** No reading stored for this long, with charging idle: what is missing is not coming. */
  static final Duration STALL = Duration.ofSeconds(60);

  private final HeadEnd hes;

  public IngestStorm(HeadEnd hes) {
    this.hes = hes;
  }

  /**
   * {@code backlog}: meter time the fleet missed (a multiple of 15 minutes); {@code every}: wall
   * time between a meter's catch-up pushes (as fast as a meter's modem pushes its stored
   * intervals).
   */
  public Report run(int meters, Duration backlog, Duration every, String heap, Duration window)
      throws Exception {
    int intervals = (int) backlog.dividedBy(Duration.ofMinutes(15));
    long perInterval = readingsPerInterval(meters);
    System.out.printf("opening %,d prepaid accounts so the backlog is charged…%n", meters);
    new BenchAccounts(hes.prepaid())
        .open(
            IntStream.range(0, meters).mapToObj(i -> String.format("SIM%08d", i)).toList(),
            AMPLE_CREDIT_PAISE);
    int known = acquaint(meters, perInterval);
    long expected = perInterval * intervals;
    double stored0 = stored();
    double charged0 = charged();
    Path log = Files.createTempFile("urja-storm-fleet", ".log");
    String loadBefore = MachineLoad.now();
    System.out.printf(
        "storm: %,d meters dial in together, each pushing %d intervals (%s of meter time) every %s…%n",
        meters, intervals, backlog, every);
    long fleetStart = System.nanoTime();
    // meter time starts a day back (the simulator's clock is set in whole days), so every pushed
    // interval is a past one, as a backlog is
    Process fleet = SimulatorProcess.pushOnce(hes.tcpPort(), meters, 2, 42, log);
    // times count from the first dial, not from the simulator JVM's start: building 10,000 meters
    // took that JVM 30 s on a loaded machine, which says nothing about the head-end
    long t0 = firstDial(fleetStart + Duration.ofMinutes(2).toNanos());
    double fleetStartup = (t0 - fleetStart) / 1e9;
    System.out.printf("storm: first meter dialled %.1f s after the fleet started%n", fleetStartup);
    double identified = Double.NaN;
    double allStored = Double.NaN;
    double caughtUp = Double.NaN;
    long backlogMax = 0;
    int mostIdentified = 0;
    try {
      long deadline = t0 + PATIENCE.toNanos();
      long windowEnd = t0 + window.toNanos();
      long nextPrint = 0;
      double lastStored = -1;
      double lastChange = 0;
      while (System.nanoTime() < deadline && Double.isNaN(caughtUp)) {
        Thread.sleep(100);
        double now = (System.nanoTime() - t0) / 1e9;
        long feed = hes.prepaid().feed().backlog();
        backlogMax = Math.max(backlogMax, feed);
        double stored = stored() - stored0;
        if (stored != lastStored) {
          lastStored = stored;
          lastChange = now;
        } else if (now - lastChange > STALL.toSeconds() && feed == 0) {
          System.out.printf("storm: nothing stored for %s and charging idle; stopping%n", STALL);
          break;
        }
        mostIdentified = Math.max(mostIdentified, hes.sessions().connected());
        if (Double.isNaN(identified) && hes.sessions().connected() >= meters) {
          identified = now;
        }
        if (Double.isNaN(allStored) && stored >= expected) {
          allStored = now;
        }
        if (!Double.isNaN(allStored) && feed == 0 && hes.writer().queuedRows() == 0) {
          caughtUp = now;
        }
        if (now >= nextPrint) {
          System.out.printf(
              "storm +%3.0f s: %,d meters identified, %,.0f of %,d readings stored, charging backlog %,d%n",
              now, hes.sessions().connected(), stored, expected, feed);
          nextPrint += 5;
        }
      }
    } finally {
      fleet.destroy();
      fleet.waitFor();
      Files.deleteIfExists(log);
    }
    long stored = (long) (stored() - stored0);
    List<String> failures = new ArrayList<>();
    if (known < meters) {
      failures.add(
          String.format(
              "only %,d of %,d meters were known to the head-end before the outage",
              known, meters));
    }
    if (Double.isNaN(identified) || identified > window.toSeconds()) {
      failures.add(
          String.format("%,d of %,d meters identified within %s", mostIdentified, meters, window));
    }
    if (Double.isNaN(allStored) || allStored > window.toSeconds()) {
      failures.add(
          String.format(
              "%,d of %,d readings stored within %s (since the start of the run: %s)",
              stored, expected, window, elsewhere()));
    } else if (Double.isNaN(caughtUp)) {
      failures.add("charging did not catch up with what was stored within " + PATIENCE);
    }
    return new Report(
        meters,
        known,
        intervals,
        every,
        expected,
        stored,
        identified,
        allStored,
        caughtUp,
        backlogMax,
        charged() - charged0,
        loadBefore,
        MachineLoad.now(),
        fleetStartup,
        window,
        List.copyOf(failures));
  }

  /** When the listener first holds a connection (or {@code giveUpAt}). */
  private long firstDial(long giveUpAt) throws InterruptedException {
    while (System.nanoTime() < giveUpAt
        && hes.registry().find("urja.ingest.connections").tag("transport", "tcp").gauge().value()
            < 1) {
      Thread.sleep(20);
    }
    return System.nanoTime();
  }

  /**
   * Readings one interval of the fleet pushes: the simulated fleet is split between makes in blocks
   * of serials, and the makes' instant pushes carry different registers (the second make has no
   * export register), so a count per push of the first make would expect readings never sent.
   */
  static long readingsPerInterval(int meters) {
    FleetOptions fleet = new FleetOptions();
    fleet.tcpMeters = meters;
    long out = 0;
    for (Map.Entry<FleetConfig, MeterModel> make :
        FleetLauncher.tcpMakes(fleet, FleetLauncher.makes(fleet, MeterModelCatalog.bundled()))
            .entrySet()) {
      out += (long) make.getKey().meters() * readingsPerPush(make.getValue());
    }
    return out;
  }

  /** What the push decoder stores of one instant push: registers, and the relay's state. */
  static int readingsPerPush(MeterModel model) {
    int n = 0;
    for (CaptureObject o : model.pushLayout("instant").orElseThrow().objects()) {
      boolean register = (o.classId() == 3 || o.classId() == 4) && o.attributeIndex() == 2;
      boolean relay = o.classId() == 70 && o.attributeIndex() == 2;
      n += register || relay ? 1 : 0;
    }
    return n;
  }

  /**
   * Before the outage: every meter pushes once, so the head-end knows it (its row, its learned push
   * layout) as it knows a fleet it has served for years; then the feeder loses power (the fleet's
   * JVM is killed, every connection drops). Meter time is two days back, the storm's one day back,
   * and the storm's fleet seed is one higher so every register is higher than before (as in the
   * drills' reconnect storm): nothing the storm pushes is a duplicate or goes backwards. Returns
   * how many meters the head-end knew when the power went.
   */
  private int acquaint(int meters, long perInterval) throws Exception {
    System.out.printf(
        "before the outage: %,d meters push once so the head-end knows them…%n", meters);
    double stored0 = stored();
    Path log = Files.createTempFile("urja-storm-before", ".log");
    int known = 0;
    Process fleet =
        SimulatorProcess.start(
            List.of(
                "--hes",
                "127.0.0.1:" + hes.tcpPort(),
                "--meters",
                String.valueOf(meters),
                "--mqtt-meters",
                "0",
                "--interval-every",
                "PT5S",
                "--intervals",
                "1",
                "--days-back",
                "2",
                "--seed",
                "42"),
            "1g",
            log);
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline && stored() - stored0 < perInterval) {
        known = Math.max(known, hes.sessions().connected());
        Thread.sleep(1_000);
      }
      known = Math.max(known, hes.sessions().connected());
      System.out.printf(
          "before the outage: %,d meters connected, %,.0f readings stored%n",
          hes.sessions().connected(), stored() - stored0);
    } finally {
      SimulatorProcess.stopAndWaitForHangUps(fleet, hes, log);
    }
    return known;
  }

  /**
   * Readings written: inserted, or held as suspect for an operator (stored too, in their own table,
   * rather than lost).
   */
  private double stored() {
    return written("reading", "inserted") + written("reading", "suspect");
  }

  private double written(String kind, String outcome) {
    return hes
        .registry()
        .find("urja.ingest.rows.written")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /**
   * Where readings not stored went, as the writer counted them, and pushes the listener refused.
   */
  private String elsewhere() {
    return String.format(
        "%,.0f held as suspect; %,.0f duplicate, %,.0f quarantined rows, %,.0f refused rows; "
            + "%,.0f frames rejected by the listener",
        written("reading", "suspect"),
        written("reading", "duplicate"),
        written("any", "quarantined"),
        written("any", "refused"),
        hes.registry().find("urja.ingest.decode.errors").counters().stream()
            .mapToDouble(Counter::count)
            .sum());
  }

  private double charged() {
    return hes.registry().find("urja.ledger.readings").tag("outcome", "charged").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
