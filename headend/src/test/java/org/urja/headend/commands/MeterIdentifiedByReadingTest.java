package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.security.StrictMeters;

/**
 * Some makes push only values, without their serial: the head-end then asks the meter, over the
 * connection it opened, for its serial number (GET 0.0.96.1.0.255) and files the pushes under it.
 */
class MeterIdentifiedByReadingTest extends PostgresTestSupport {
  @TempDir Path models;

  @Test
  void aMeterWhosePushesCarryNoSerialIsIdentifiedByReadingIt() throws Exception {
    String withoutSerial =
        new String(
                MeterModelCatalog.class
                    .getResourceAsStream("/meter-models/urja-sim-1ph.json")
                    .readAllBytes())
            .replace("{\"classId\": 1, \"obis\": \"0.0.96.1.0.255\", \"attribute\": 2},", "");
    assertThat(withoutSerial).doesNotContain("\"0.0.96.1.0.255\", \"attribute\": 2}");
    Files.writeString(models.resolve("anonymous-push.json"), withoutSerial);
    MeterModel model = MeterModelCatalog.bundled().addDirectory(models).defaultModel();
    assertThat(model.pushLayout("instant").orElseThrow().objects()).hasSize(9);

    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("meter.models.dir", models.toString());
    // strict IS 15959 meters, keys not imported yet: an unidentified connection is read over the
    // public client
    try (HeadEnd hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
        TcpFleet fleet =
            new TcpFleet(
                    new FleetConfig(
                        3,
                        0,
                        "ANON",
                        4L,
                        Instant.parse("2026-11-21T18:30:00Z"),
                        Duration.ofMinutes(15),
                        Duration.ofMillis(200),
                        4,
                        4,
                        100),
                    model,
                    "127.0.0.1",
                    hes.tcpPort(),
                    1,
                    StrictMeters.handlers(4L))
                .start()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  queryLong(
                          "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial LIKE 'ANON%'")
                      == 3 * 4 * 7);
      assertThat(
              queryLong(
                  "SELECT count(*) FROM meters WHERE serial IN ('ANON00000000','ANON00000001','ANON00000002')"))
          .isEqualTo(3);
      assertThat(hes.sessions().find("ANON00000001")).isPresent();
    }
  }
}
