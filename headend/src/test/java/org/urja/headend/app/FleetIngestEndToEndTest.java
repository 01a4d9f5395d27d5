package org.urja.headend.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.Fleet;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.security.StrictMeters;

/**
 * The whole ingest path on real components: simulated meters speaking DLMS over TCP and over a real
 * MQTT broker, the head-end decoding and batching, embedded PostgreSQL storing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIngestEndToEndTest extends PostgresTestSupport {
  static final int METERS_PER_TRANSPORT = 200;
  static final int INTERVALS = 8;

  /** Six registers and the relay state per instant push (model urja-sim-1ph). */
  static final int READINGS_PER_PUSH = 7;

  static final long EXPECTED_ROWS = 2L * METERS_PER_TRANSPORT * INTERVALS * READINGS_PER_PUSH;
  static final Instant START = Instant.parse("2026-11-20T18:30:00Z"); // midnight IST

  EmbeddedBroker broker;
  HeadEnd hes;
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();

  @Override
  protected int poolSize() {
    return 8;
  }

  @BeforeAll
  void startHeadEnd() throws Exception {
    broker = EmbeddedBroker.start(0);
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.of(broker.uri()));
    FleetKeys.importFleets(hes.meterKeys(), List.of(fleet("TCP")), null, "test");
  }

  @AfterAll
  void stop() {
    hes.close();
    broker.close();
  }

  FleetConfig fleet(String prefix) {
    return new FleetConfig(
        METERS_PER_TRANSPORT,
        0,
        prefix,
        7L,
        START,
        Duration.ofMinutes(15),
        Duration.ofMillis(300),
        INTERVALS,
        4,
        5_000);
  }

  void runFleets() {
    TcpFleet tcp =
        new TcpFleet(fleet("TCP"), model, "127.0.0.1", hes.tcpPort(), 2, StrictMeters.handlers(7L))
            .pushEncoding(StrictMeters.cipheredPushes(7L));
    MqttFleet mqtt;
    try {
      tcp.start();
      mqtt = new MqttFleet(fleet("MQT"), model, broker.uri(), 4).start();
    } catch (Exception e) {
      tcp.close();
      throw new IllegalStateException(e);
    }
    try (Fleet a = tcp;
        Fleet b = mqtt) {
      await()
          .atMost(Duration.ofSeconds(180))
          .until(
              () ->
                  a.stats().finished() == METERS_PER_TRANSPORT
                      && b.stats().finished() == METERS_PER_TRANSPORT);
      assertThat(a.stats().pushes() + b.stats().pushes())
          .isEqualTo(2L * METERS_PER_TRANSPORT * INTERVALS);
    }
  }

  @Test
  @Order(1)
  void twoHundredMetersOverTcpAndTwoHundredOverMqttStoreExactlyTheirReadings() {
    runFleets();

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> queryLong("SELECT count(*) FROM readings") == EXPECTED_ROWS);
    assertThat(queryLong("SELECT count(DISTINCT meter_id) FROM readings"))
        .isEqualTo(2L * METERS_PER_TRANSPORT);
    assertThat(queryLong("SELECT count(DISTINCT ts) FROM readings")).isEqualTo(INTERVALS);
    assertThat(
            queryLong(
                "SELECT count(*) FROM readings WHERE ts < '2026-11-20T18:45:00Z' OR ts > '2026-11-20T20:30:00Z'"))
        .isZero();
    // every meter's cumulative energy register only rises
    assertThat(
            queryLong(
                """
        SELECT count(*) FROM (
          SELECT value < lag(value) OVER (PARTITION BY meter_id ORDER BY ts) AS fell
          FROM readings WHERE obis = '1.0.1.8.0.255') x WHERE fell"""))
        .isZero();
    assertThat(queryLong("SELECT count(*) FROM readings WHERE obis = '1.0.1.8.0.255'"))
        .isEqualTo(2L * METERS_PER_TRANSPORT * INTERVALS);
  }

  @Test
  @Order(2)
  void theSamePushesSentAgainAddNoRows() {
    double duplicatesBefore = duplicates();
    runFleets();

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> duplicates() - duplicatesBefore >= EXPECTED_ROWS);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(EXPECTED_ROWS);
  }

  @Test
  @Order(3)
  void metersNobodyRegisteredAreRecordedAsAutoRegistered() {
    assertThat(queryLong("SELECT count(*) FROM meters WHERE status = 'auto_registered'"))
        .isEqualTo(2L * METERS_PER_TRANSPORT);
    assertThat(
            queryLong("SELECT count(*) FROM meters WHERE serial LIKE 'TCP%' AND transport = 'tcp'"))
        .isEqualTo(METERS_PER_TRANSPORT);
  }

  double duplicates() {
    return hes
        .registry()
        .find("urja.ingest.rows.written")
        .tag("kind", "reading")
        .tag("outcome", "duplicate")
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
