package org.urja.headend.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.urja.headend.bench.drills.DrillCatalog;
import org.urja.headend.bench.drills.DrillOptions;
import org.urja.headend.bench.drills.FaultDrills;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Fault drills against a real PostgreSQL and Mosquitto; results go to docs/RELIABILITY.md. */
@Command(
    name = "drills",
    mixinStandardHelpOptions = true,
    description =
        "Inject faults (database outages, broker restart, kill -9 of the head-end, a node leaving a shared "
            + "subscription, a reconnect storm) into a running head-end and count what was acknowledged but not stored. "
            + "Needs the Debian packages postgresql and mosquitto. Drills: db-outage-60s, broker-restart, kill-ingest, "
            + "kill-charging, kill-payments, shared-subscription, shared-subscription-retired, reconnect-storm, db-outage-10m.")
final class BenchDrillsCommand implements Callable<Integer> {
  @Option(names = "--scenario", description = "a drill to run (repeatable)")
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--all", description = "run every drill, one after another (about 30 minutes)")
  boolean all;

  @Option(names = "--meters", description = "TCP meters (default: ${DEFAULT-VALUE})")
  int tcpMeters = 500;

  @Option(names = "--mqtt-meters", description = "MQTT meters (default: ${DEFAULT-VALUE})")
  int mqttMeters = 200;

  @Option(
      names = "--gateways",
      description = "MQTT gateways the MQTT meters sit behind (default: ${DEFAULT-VALUE})")
  int gateways = 4;

  @Option(
      names = "--interval-every",
      description = "wall time per capture period (default: ${DEFAULT-VALUE})")
  Duration every = Duration.ofSeconds(2);

  @Option(names = "--before", description = "ingest before each fault (default: ${DEFAULT-VALUE})")
  Duration before = Duration.ofSeconds(20);

  @Option(
      names = "--after",
      description = "ingest after each fault ends (default: ${DEFAULT-VALUE})")
  Duration after = Duration.ofSeconds(40);

  @Option(
      names = "--storm-meters",
      description = "meters in the reconnect storm (default: ${DEFAULT-VALUE})")
  int stormMeters = 10_000;

  @Option(
      names = "--payments",
      description = "payments posted in kill-payments (default: ${DEFAULT-VALUE})")
  int payments = 2_000;

  @Option(
      names = "--work-dir",
      description = "servers' data and nodes' logs (default: a new temporary directory)")
  Path workDir;

  @Option(
      names = "--results",
      description = "Markdown file each drill's table is appended to (default: ${DEFAULT-VALUE})")
  Path results = Path.of("drill-results.md");

  @Option(
      names = "--simulator-heap",
      description = "heap of each simulator JVM (default: ${DEFAULT-VALUE})")
  String simulatorHeap = "1g";

  @Override
  public Integer call() throws Exception {
    List<String> chosen = all ? DrillCatalog.names() : scenarios;
    if (chosen.isEmpty()) {
      System.err.println(
          "choose --scenario NAME (repeatable) or --all; drills: "
              + String.join(", ", DrillCatalog.names()));
      return 2;
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("urja-drills-");
    DrillOptions options =
        new DrillOptions(
            tcpMeters,
            mqttMeters,
            gateways,
            every,
            before,
            after,
            stormMeters,
            payments,
            dir,
            simulatorHeap);
    return new FaultDrills(options, results).run(chosen) ? 0 : 1;
  }
}
