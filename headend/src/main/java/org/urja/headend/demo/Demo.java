package org.urja.headend.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.headend.embedded.EmbeddedPostgresService;
import org.urja.simulator.fleet.Fleet;

/**
 * The demo: a real PostgreSQL and a real MQTT broker started in-process, the head-end against them,
 * and a simulated fleet dialling in over DLMS/TCP and publishing through MQTT gateways.
 */
public final class Demo {
  private final UrjaConfig cfg;
  private final FleetOptions fleet;
  private final Duration duration;
  private final Duration summaryEvery;

  public Demo(UrjaConfig cfg, FleetOptions fleet, Duration duration, Duration summaryEvery) {
    this.cfg = cfg;
    this.fleet = fleet;
    this.duration = duration;
    this.summaryEvery = summaryEvery;
  }

  /** Waits up to a duration for a request to stop; true when one came. */
  @FunctionalInterface
  public interface StopRequest {
    boolean await(Duration wait) throws InterruptedException;
  }

  /**
   * Runs until {@code stop} or the duration. Stops in order: the fleet, the head-end (listeners,
   * writer queue drained, jobs, pool), then the broker and last the database, so nothing the
   * head-end still writes meets a stopped server.
   */
  /**
   * The operator registers each meter with its make, as a utility does from the supplier's list:
   * the TCP meters by their blocks of makes, the MQTT meters with the first make (the one {@link
   * FleetLauncher} gives them). Without it the MQTT meters were admitted with no model at all.
   */
  public static void registerMakes(
      org.urja.ingest.store.MeterDirectory directory,
      FleetOptions fleet,
      List<org.urja.protocol.model.MeterModel> makes)
      throws java.sql.SQLException {
    for (var make : FleetLauncher.tcpMakes(fleet, makes).entrySet()) {
      for (int i = 0; i < make.getKey().meters(); i++) {
        directory.register(make.getKey().serial(i), DemoPrepaid.UTILITY, make.getValue().name());
      }
    }
    for (int i = 0; i < fleet.mqttMeters; i++) {
      directory.register(fleet.mqttFleet().serial(i), DemoPrepaid.UTILITY, makes.get(0).name());
    }
  }

  public int run(StopRequest stop) throws Exception {
    // the demo's prepaid story runs in minutes: evaluate relay rules every few seconds
    cfg.with("prepaid.policy.every", "PT5S");
    if (cfg.optional("api.gateway.tokens").isEmpty()) {
      cfg.with("api.gateway.tokens", "demo-gateway-token");
    }
    if (cfg.optional("api.operator.tokens").isEmpty()) {
      cfg.with("api.operator.tokens", "demo-operator");
    }
    if (cfg.string("mqtt.version").equals("auto")) {
      // the embedded Moquette speaks only MQTT 3.1.1: trying 5 first would only log its refusal
      cfg.with("mqtt.version", "3.1.1");
    }
    System.out.println(
        "Starting Urja demo: embedded PostgreSQL, embedded MQTT broker, head-end, "
            + fleet.tcpMeters
            + " TCP meters and "
            + fleet.mqttMeters
            + " MQTT meters…");
    try (EmbeddedPostgresService pg =
            EmbeddedPostgresService.start(
                cfg.optional("db.embedded.dir").map(Path::of), cfg.integer("db.embedded.port"));
        EmbeddedBroker broker = EmbeddedBroker.start(cfg.integer("mqtt.embedded.port"));
        HeadEnd hes =
            HeadEnd.start(
                cfg, pg.config(cfg.integer("db.pool.size")), java.util.Optional.of(broker.uri()))) {
      DemoPrepaid prepaid = new DemoPrepaid(hes.prepaid(), hes.dataSource());
      List<String> serials = new java.util.ArrayList<>();
      for (int i = 0; i < fleet.tcpMeters; i++) {
        serials.add(fleet.tcpFleet().serial(i));
      }
      for (int i = 0; i < fleet.mqttMeters; i++) {
        serials.add(fleet.mqttFleet().serial(i));
      }
      System.out.println(
          "Opening "
              + serials.size()
              + " consumer accounts (90% prepaid; every 20th starts with ₹20)…");
      prepaid.open(serials);
      List<org.urja.protocol.model.MeterModel> makes = FleetLauncher.makes(fleet, hes.models());
      registerMakes(hes.directory(), fleet, makes);
      // the batch's key file, exported by the simulator and imported as an operator would, before
      // any meter connects:
      // relay commands then go over each meter's HLS utility-settings association
      int withKeys =
          FleetKeys.importFleets(
              hes.meterKeys(),
              FleetLauncher.tcpMakes(fleet, makes).keySet(),
              DemoPrepaid.UTILITY,
              "demo");
      System.out.println(
          "Imported the DLMS keys of "
              + withKeys
              + " TCP meters (LLS reader, HLS-GMAC utility settings,"
              + " ciphered pushes)");
      // imported with their system titles, the meters must cipher their pushes: they do
      fleet.cipherPushes = true;
      List<Fleet> fleets =
          FleetLauncher.start(
              fleet,
              makes,
              "127.0.0.1",
              hes.tcpPort(),
              broker.uri(),
              org.urja.simulator.fleet.GatewayLogin.ANONYMOUS);
      System.out.printf(
          "Head-end: DLMS/TCP port %d, MQTT %s, metrics http://localhost:%d/metrics%n",
          hes.tcpPort(), broker.uri(), hes.httpPort());
      System.out.printf(
          "Operator dashboard: http://localhost:%d/dashboard#key=%s%n",
          hes.httpPort(), cfg.string("api.operator.tokens").split(",")[0]);
      System.out.printf(
          "Recharge: curl -H 'Authorization: Bearer %s' -d '{\"accountId\":\"DEMO-%s\",\"amountPaise\":10000,"
              + "\"gatewayReference\":\"UTR-1\"}' http://localhost:%d/api/payments%n",
          cfg.string("api.gateway.tokens").split(",")[0],
          serials.isEmpty() ? "" : serials.get(0),
          hes.httpPort());
      LiveSummary summary = new LiveSummary(hes.registry(), fleets);
      long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
      long nextTopUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int round = 0;
      try {
        while (!stop.await(summaryEvery) && System.nanoTime() < deadline) {
          System.out.println(summary.line(hes.sessions().connected()));
          System.out.println("  " + prepaid.line());
          if (System.nanoTime() > nextTopUp) {
            int n = prepaid.rechargeDisconnected(20_000, String.valueOf(++round));
            if (n > 0) {
              System.out.println(
                  "  " + n + " consumer(s) in debt recharged ₹200 each: watch them reconnect");
            }
            nextTopUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          }
        }
      } finally {
        fleets.forEach(Fleet::close);
        System.out.println("final: " + summary.line(hes.sessions().connected()));
      }
    }
    return 0;
  }
}
