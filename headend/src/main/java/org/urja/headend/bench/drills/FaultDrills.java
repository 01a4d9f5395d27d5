package org.urja.headend.bench.drills;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bench drills}: starts a real PostgreSQL and a real Mosquitto from the distribution's
 * packages, runs the chosen drills one after another against head-end nodes in their own JVMs,
 * prints each drill's table and appends it to the results file, and at the end prints all of them
 * as one table. Every server and process it started is stopped when it ends.
 */
public final class FaultDrills {
  private final DrillOptions options;
  private final Path resultsFile;

  public FaultDrills(DrillOptions options, Path resultsFile) {
    this.options = options;
    this.resultsFile = resultsFile;
  }

  /** Runs the named drills in catalogue order; answers whether all of them lost nothing. */
  public boolean run(List<String> names) throws Exception {
    Map<String, Drill> catalog = DrillCatalog.drills(options.payments());
    for (String n : names) {
      if (!catalog.containsKey(n)) {
        throw new IllegalArgumentException(
            "no drill '" + n + "'; drills: " + String.join(", ", catalog.keySet()));
      }
    }
    Files.createDirectories(options.workDir());
    System.out.println(
        "work directory (server data, node logs and settings): " + options.workDir());
    List<DrillResult> results = new ArrayList<>();
    try (LocalPostgres pg = LocalPostgres.init(options.workDir(), DrillContext.freePort());
        LocalMosquitto broker =
            LocalMosquitto.configure(options.workDir(), DrillContext.freePort())) {
      // on SIGTERM or Ctrl-C the try block does not finish: stop the servers from a hook as well
      Thread servers = new Thread(() -> stopQuietly(broker, pg), "urja-drill-servers-stop");
      Runtime.getRuntime().addShutdownHook(servers);
      pg.start();
      broker.start();
      DrillContext ctx = new DrillContext(options, pg, broker, UUID.randomUUID().toString());
      for (Map.Entry<String, Drill> e : catalog.entrySet()) {
        if (!names.contains(e.getKey())) {
          continue;
        }
        DrillResult r = e.getValue().run(ctx);
        results.add(r);
        String table = ResultsTable.markdown(List.of(r));
        System.out.println();
        System.out.println(table);
        Files.writeString(
            resultsFile,
            "\n<!-- " + Instant.now() + " " + describe() + " -->\n" + table,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    }
    if (results.size() > 1) {
      System.out.println();
      System.out.println("All drills:");
      System.out.println(ResultsTable.markdown(results));
    }
    return results.stream().allMatch(DrillResult::passed);
  }

  private static void stopQuietly(AutoCloseable... servers) {
    for (AutoCloseable s : servers) {
      try {
        s.close();
      } catch (Exception e) {
        System.err.println("could not stop " + s + ": " + e);
      }
    }
  }

  private String describe() {
    return String.format(
        "TCP meters %d, MQTT meters %d behind %d gateways, a push every %s, %s before and %s after "
            + "each fault, storm %d meters, %d payments",
        options.tcpMeters(),
        options.mqttMeters(),
        options.gateways(),
        options.every(),
        options.before(),
        options.after(),
        options.stormMeters(),
        options.payments());
  }
}
