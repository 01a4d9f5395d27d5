package org.urja.headend.bench.drills;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.model.PushLayout;

/**
 * The servers every drill shares (one PostgreSQL cluster, one Mosquitto) and what drills ask of
 * them.
 */
final class DrillContext {
  private final DrillOptions options;
  private final LocalPostgres postgres;
  private final LocalMosquitto broker;
  private final String gatewayToken;

  DrillContext(
      DrillOptions options, LocalPostgres postgres, LocalMosquitto broker, String gatewayToken) {
    this.options = options;
    this.postgres = postgres;
    this.broker = broker;
    this.gatewayToken = gatewayToken;
  }

  DrillOptions options() {
    return options;
  }

  LocalPostgres postgres() {
    return postgres;
  }

  LocalMosquitto broker() {
    return broker;
  }

  String gatewayToken() {
    return gatewayToken;
  }

  Path workDir() {
    return options.workDir();
  }

  /** A fresh database for one drill, migrated as {@code urja migrate} would. */
  String freshDatabase(String drill) throws Exception {
    String name = "drill_" + drill.replace('-', '_');
    postgres.createDatabase(name);
    String url = postgres.jdbcUrl(name);
    DrillAccounts.migrate(url);
    return url;
  }

  /**
   * A node's settings: loopback only, ports of its own, MQTT 5 with the session expiry given (null:
   * the default, {@code PT1H}), the default clock tolerance (the simulated meters' clocks run from
   * 30 days back at one capture period per push, so they never get ahead of the head-end's), and
   * unknown meters registered on first push (these drills are about faults; identity has its own
   * tests).
   */
  Map<String, String> nodeSettings(
      String dbUrl, String clientId, String topics, Duration sessionExpiry) throws IOException {
    Map<String, String> s = new HashMap<>();
    s.put("db.url", dbUrl);
    s.put("db.user", LocalPostgres.USER);
    s.put("tcp.bind", "127.0.0.1");
    s.put("tcp.port", String.valueOf(freePort()));
    s.put("http.port", String.valueOf(freePort()));
    s.put("mqtt.uri", broker.uri());
    s.put("mqtt.client.id", clientId);
    s.put("mqtt.topics", topics);
    s.put("node.id", clientId);
    s.put("api.gateway.tokens", gatewayToken);
    s.put("store.unknown.meters", "AUTO_REGISTER");
    s.put("mqtt.version", "5");
    if (sessionExpiry != null) {
      s.put("mqtt.session.expiry", sessionExpiry.toString());
    }
    s.put("ingest.clock.tolerance", "PT15M");
    return s;
  }

  /**
   * Readings one instant push carries: the values the push decoder stores as readings (registers,
   * and the relay state), not the push setup, the serial or the clock.
   */
  static int readingsPerPush() {
    PushLayout instant =
        MeterModelCatalog.bundled().defaultModel().pushLayout("instant").orElseThrow();
    return (int)
        instant.objects().stream()
            .filter(
                o ->
                    o.attributeIndex() == 2
                        && (o.classId() == 3 || o.classId() == 4 || o.classId() == 70))
            .count();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
