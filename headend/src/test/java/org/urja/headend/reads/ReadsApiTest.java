package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The operator's side of head-end-initiated reads on a running head-end: a listening meter gets an
 * address, a profile read is asked for and followed as a job, read-now and a relay command reach
 * the meter by dialling it, and completeness is reported per meter and for the fleet.
 */
class ReadsApiTest extends PostgresTestSupport {
  static final String OPERATOR = "reads-operator-token";
  static final Instant DAY_START = Instant.parse("2026-11-20T18:30:00Z");
  HeadEnd hes;
  ApiClient api;
  ListeningFleet fleet;
  SimulatedMeter meter;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("api.operator.tokens", OPERATOR)
            .with("reads.every", "PT0S")
            .with("ingest.clock.tolerance", "P365D")
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    FleetConfig fc =
        new FleetConfig(
            1,
            0,
            "API",
            17L,
            DAY_START.minus(Duration.ofMinutes(15)),
            Duration.ofMinutes(15),
            Duration.ofMillis(2),
            96,
            4,
            100);
    // an IS 15959 meter with its keys imported: read over its LLS reader, switched over HLS utility
    // settings
    FleetKeys.importFleets(hes.meterKeys(), java.util.List.of(fc), null, "test");
    fleet =
        new ListeningFleet(fc, MeterModelCatalog.bundled().defaultModel(), 1).start("127.0.0.1", 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> fleet.stats().finished() == 1);
    meter = fleet.meters().get(0);
    hes.directory().register(meter.serial(), "NORTHCO", "urja-sim-1ph");
  }

  @AfterAll
  void stop() {
    hes.close();
    fleet.close();
  }

  @Test
  void anOperatorGivesAListeningMeterAnAddressReadsItsProfileAndSeesItsCompleteness()
      throws Exception {
    String path = "/api/meters/" + meter.serial();
    assertThat(api.put(OPERATOR, path + "/address", "{\"address\":\"not an address\"}").status())
        .isEqualTo(400);
    var at = fleet.address(meter);
    ApiClient.Answer set =
        api.put(OPERATOR, path + "/address", "{\"address\":\"127.0.0.1:" + at.getPort() + "\"}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().path("address").asText()).isEqualTo("127.0.0.1:" + at.getPort());

    assertThat(
            api.post(
                    OPERATOR,
                    path + "/reads",
                    "{\"profile\":\"hourly\",\"from\":\""
                        + DAY_START
                        + "\",\"to\":\""
                        + DAY_START.plus(Duration.ofDays(1))
                        + "\"}")
                .json()
                .path("field")
                .asText())
        .isEqualTo("profile");
    ApiClient.Answer job =
        api.post(
            OPERATOR,
            path + "/reads",
            "{\"profile\":\"block_load\",\"from\":\""
                + DAY_START
                + "\",\"to\":\""
                + DAY_START.plus(Duration.ofDays(1)).minusSeconds(1)
                + "\"}");
    assertThat(job.status()).isEqualTo(202);
    long id = job.json().path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                api.get(OPERATOR, "/api/reads/" + id)
                    .json()
                    .path("status")
                    .asText()
                    .equals("done"));
    ApiClient.Answer done = api.get(OPERATOR, "/api/reads/" + id);
    assertThat(done.json().path("rowsRead").asInt()).isEqualTo(96);
    assertThat(done.json().path("readingsStored").asInt()).isEqualTo(96 * 4);
    assertThat(api.get(OPERATOR, path + "/reads").json().path("items").size()).isEqualTo(1);

    ApiClient.Answer day = api.get(OPERATOR, path + "/completeness?from=2026-11-20&to=2026-11-21");
    assertThat(day.status()).isEqualTo(200);
    assertThat(day.json().path("days").get(0).path("stored").asInt()).isZero();
    assertThat(day.json().path("days").get(1).path("stored").asInt()).isEqualTo(96);
    assertThat(day.json().path("days").get(1).path("percent").decimalValue())
        .isEqualByComparingTo("100");
    ApiClient.Answer fleetDay = api.get(OPERATOR, "/api/fleet/completeness?date=2026-11-21");
    assertThat(fleetDay.json().path("meters").asInt()).isEqualTo(1);
    assertThat(fleetDay.json().path("complete").asInt()).isEqualTo(1);
  }

  @Test
  void readNowAndARelayCommandReachAListeningMeterByDiallingIt() throws Exception {
    var at = fleet.address(meter);
    String path = "/api/meters/" + meter.serial();
    assertThat(
            api.put(OPERATOR, path + "/address", "{\"address\":\"127.0.0.1:" + at.getPort() + "\"}")
                .status())
        .isEqualTo(200);

    ApiClient.Answer now =
        api.post(
            OPERATOR,
            "/api/commands",
            "{\"meterSerial\":\""
                + meter.serial()
                + "\",\"action\":\"read-now\",\"reason\":\"consumer called\"}");
    assertThat(now.status()).isEqualTo(200);
    assertThat(now.json().path("readings").size()).isEqualTo(6);

    ApiClient.Answer off =
        api.post(
            OPERATOR,
            "/api/commands",
            "{\"meterSerial\":\""
                + meter.serial()
                + "\",\"action\":\"disconnect\",\"reason\":\"site visit\"}");
    assertThat(off.status()).isEqualTo(202);
    long id = off.json().path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              hes.dispatchRelayCommands();
              return "confirmed"
                  .equals(api.get(OPERATOR, "/api/commands/" + id).json().path("status").asText());
            });
    assertThat(fleet.onMeter(meter, () -> meter.relay().outputState())).isFalse();
  }
}
