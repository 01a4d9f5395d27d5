package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.ListeningFleet;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * The head-end's suite-0 invocation counter is the nonce of every ciphered APDU it sends a meter: a
 * value used twice under the same keys breaks AES-GCM, and an IS 15959 meter refuses a counter it
 * has already seen. A strict simulated meter that listens is switched over HLS by one head-end,
 * which then stops; a new head-end on the same database switches it back — its counters continue
 * above the first one's, so the meter accepts the first try.
 */
class CommandsAcrossARestartTest extends PostgresTestSupport {
  static final String OPERATOR = "ops-restart";
  static final int BLOCK = 50;

  private HeadEnd start() throws Exception {
    return HeadEnd.start(
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("api.operator.tokens", OPERATOR)
            .with("reads.every", "PT0S")
            .with("ingest.clock.tolerance", "P365D")
            .with("keys.master.generate", "true")
            .with("keys.invocation.block", String.valueOf(BLOCK))
            .with("relay.poll.every", "PT0.2S"),
        databaseConfig(),
        Optional.empty());
  }

  private static long switchRelay(HeadEnd hes, String serial, String action) throws Exception {
    ApiClient api = new ApiClient(hes.httpPort());
    ApiClient.Answer queued =
        api.post(
            OPERATOR,
            "/api/commands",
            "{\"meterSerial\":\""
                + serial
                + "\",\"action\":\""
                + action
                + "\",\"reason\":\"test\"}");
    assertThat(queued.status()).isEqualTo(202);
    long id = queued.json().path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "confirmed"
                    .equals(
                        api.get(OPERATOR, "/api/commands/" + id).json().path("status").asText()));
    return api.get(OPERATOR, "/api/commands/" + id).json().path("attempts").asLong();
  }

  private long reservedUpTo(String serial) {
    return queryLong(
        "SELECT next_free FROM meter_invocation_counters WHERE serial = '" + serial + "'");
  }

  @Test
  void invocationCountersNeverRepeatAcrossAHeadEndRestart() throws Exception {
    FleetConfig fc =
        new FleetConfig(
            1,
            0,
            "IVC",
            23L,
            Instant.parse("2026-11-21T18:30:00Z"),
            Duration.ofMinutes(15),
            Duration.ofMillis(200),
            0,
            4,
            100);
    try (ListeningFleet fleet =
        new ListeningFleet(fc, MeterModelCatalog.bundled().defaultModel(), 1)
            .start("127.0.0.1", 0)) {
      SimulatedMeter meter = fleet.meters().get(0);
      String serial = meter.serial();
      long firstBlockEnd;
      try (HeadEnd hes = start()) {
        hes.directory().register(serial, "NORTHCO", null);
        FleetKeys.importFleets(hes.meterKeys(), List.of(fc), null, "test");
        assertThat(
                new ApiClient(hes.httpPort())
                    .put(
                        OPERATOR,
                        "/api/meters/" + serial + "/address",
                        "{\"address\":\"127.0.0.1:" + fleet.address(meter).getPort() + "\"}")
                    .status())
            .isEqualTo(200);

        assertThat(switchRelay(hes, serial, "disconnect")).isEqualTo(1);
        assertThat(fleet.onMeter(meter, () -> meter.relay().outputState())).isFalse();
        firstBlockEnd = reservedUpTo(serial);
        assertThat(firstBlockEnd).isEqualTo(1 + BLOCK);
      }

      try (HeadEnd again = start()) {
        // the meter has seen counters from the first block; a repeat would be refused
        // (invocation-counter-error)
        assertThat(switchRelay(again, serial, "connect"))
            .as("accepted on the first try")
            .isEqualTo(1);
        assertThat(fleet.onMeter(meter, () -> meter.relay().outputState())).isTrue();
        assertThat(reservedUpTo(serial))
            .as("the new node reserved a block of its own")
            .isEqualTo(firstBlockEnd + BLOCK);
      }
    }
  }
}
