package org.urja.headend.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.demo.FleetLauncher;
import org.urja.headend.demo.FleetOptions;
import org.urja.ingest.store.MeterDirectory;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * The simulated fleet made known before the measured load starts, as a head-end that has served a
 * fleet for years knows it: every serial imported with the model that simulates it (as an operator
 * imports a delivery of meters with their makes), then every meter pushing once, unhurried, so the
 * head-end asks each its layout at first contact (`meter.learn.first.contact`) while nothing else
 * runs. A bench on a new database otherwise met half the fleet (the second make) as strangers under
 * full load: ~4,000 of 10,000 meters stayed unidentified through the warm-up ({@code
 * layout_backlog}), and the first-contact questions of the rest timed out by the hundred a minute
 * during the measurement, next to the relay commands being timed.
 */
final class FleetImport {
  /** No more layouts learned for this long: the rest are not going to be. */
  private static final Duration STALLED = Duration.ofSeconds(20);

  private FleetImport() {}

  /**
   * Serial → model name of the TCP fleet {@code urja simulate --meters n --mqtt-meters 0} starts:
   * the same split between makes, from the same code.
   */
  static Map<String, String> models(int meters) {
    FleetOptions o = new FleetOptions();
    o.tcpMeters = meters;
    o.mqttMeters = 0;
    Map<String, String> out = new LinkedHashMap<>();
    FleetLauncher.tcpMakes(o, FleetLauncher.makes(o, MeterModelCatalog.bundled()))
        .forEach(
            (cfg, model) -> {
              for (String serial : cfg.serials()) {
                out.put(serial, model.name());
              }
            });
    return out;
  }

  /** Registers every meter with its model, on a few threads (setup, not measured). */
  static void register(MeterDirectory directory, String utility, Map<String, String> models)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>(models.size());
      models.forEach(
          (serial, model) ->
              done.add(pool.submit(() -> directory.register(serial, utility, model))));
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Every meter pushes once (meter time 31 days back, fleet seed 41: older and lower registers than
   * the measured fleet's, seed 42 from 30 days back, so nothing it sends later is a duplicate or
   * goes backwards), and we wait until every layout question is answered, none more is for 20 s
   * (the few whose every attempt failed), or {@code atMost} has passed; then the fleet's JVM stops
   * and its connections drop. No account is open for these meters yet, so nothing of this is
   * charged. Returns the layouts learned.
   */
  static double acquaint(HeadEnd hes, int meters, Duration atMost) throws Exception {
    System.out.printf(
        "the fleet's %,d meters push once so the head-end learns their layouts…%n", meters);
    long start = System.nanoTime();
    Path log = Files.createTempFile("urja-ledger-acquaint", ".log");
    Process fleet = SimulatorProcess.pushOnce(hes.tcpPort(), meters, 31, 41, log);
    try {
      long deadline = start + atMost.toNanos();
      double learned = 0;
      long movedAt = System.nanoTime();
      // until all are learned, or none more for a while (the few that failed every attempt)
      // stalled only once learning has begun: the fleet's JVM takes a while to start and dial
      while (System.nanoTime() < deadline
          && learned < meters
          && (learned == 0 || System.nanoTime() - movedAt < STALLED.toNanos())) {
        Thread.sleep(1_000);
        double now = layouts(hes, true);
        if (now > learned) {
          learned = now;
          movedAt = System.nanoTime();
        }
      }
    } finally {
      SimulatorProcess.stopAndWaitForHangUps(fleet, hes, log);
    }
    System.out.printf(
        "%,.0f layouts learned (%,.0f questions failed) in %.0f s%n",
        layouts(hes, true), layouts(hes, false), (System.nanoTime() - start) / 1e9);
    return layouts(hes, true);
  }

  /** Layouts learned so far ({@code learned}), or questions that failed. */
  static double layouts(HeadEnd hes, boolean learned) {
    return hes.registry().find("urja.meter.layouts.learned").counters().stream()
        .filter(c -> learned != "failed".equals(c.getId().getTag("outcome")))
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  /** The model names in the import, for the report (the catalog's names, not the default alias). */
  static List<String> makes(Map<String, String> models) {
    return models.values().stream().distinct().toList();
  }
}
