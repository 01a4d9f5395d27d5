package org.urja.headend.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.api.auth.Role;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.Demo;
import org.urja.headend.demo.FleetLauncher;
import org.urja.headend.demo.FleetOptions;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.Submission;
import org.urja.protocol.obis.ObisCode;

/**
 * The small figures a consumer or a gateway reads are true: days of supply as a person reads them,
 * charge details as JSON, a read that is not called a replay, an unknown account called unknown,
 * and an account opened with a meter whose readings then reach it. Through the API, on the embedded
 * database, with unknown meters quarantined (the default) so only a registered meter is charged.
 */
class WhatTheApiSaysIsTrueTest extends PostgresTestSupport {
  private static final String GATEWAY = "gw-truths";
  HeadEnd hes;
  ApiClient api;
  String operator;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("ingest.clock.tolerance", "P365D")
            .with("api.gateway.tokens", GATEWAY)
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    operator = hes.api().keys().create("truth ops", Role.OPERATOR, "TRUTHCO", "test").secret();
    assertThat(api.put(operator, "/api/utilities/TRUTHCO", "{\"name\":\"Truth Discom\"}").status())
        .isEqualTo(200);
    assertThat(
            api.post(
                    operator,
                    "/api/tariffs",
                    """
        {"utilityId":"TRUTHCO","code":"FLAT5","effectiveFrom":"2020-01-01","slabs":[{"upToKwh":null,"ratePaisePerKwh":500}],
         "fixedChargePaisePerKwPerDay":0,"dutyPercent":0,"timeOfDay":[],"prepaidRebate":{"kind":"PERCENT","value":0}}""")
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  private Answer open(String account, String serial) throws Exception {
    return api.post(
        operator,
        "/api/accounts",
        "{\"accountId\":\""
            + account
            + "\",\"utilityId\":\"TRUTHCO\",\"consumerName\":\"Asha\",\"phone\":\"+919800000001\","
            + "\"paymentMode\":\"prepaid\",\"tariffCode\":\"FLAT5\",\"meterSerial\":\""
            + serial
            + "\"}");
  }

  private void store(String serial, Instant at, long wh) throws Exception {
    hes.writer()
        .submit(
            Submission.ofReadings(
                List.of(
                    new Reading(
                        serial,
                        ObisCode.parse("1.0.1.8.0.255"),
                        at,
                        BigDecimal.valueOf(wh),
                        "Wh"))))
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void anAccountOpenedWithAMeterRegistersItsMeterAndIsChargedFromItsReadings() throws Exception {
    assertThat(open("T-1", "TM-0001").status()).isEqualTo(201);

    Answer meter = api.get(operator, "/api/meters/TM-0001");
    assertThat(meter.status()).isEqualTo(200);
    assertThat(meter.json().get("status").asText()).isEqualTo("registered");
    assertThat(meter.json().get("utility").asText()).isEqualTo("TRUTHCO");

    assertThat(
            api.post(
                    GATEWAY,
                    "/api/payments",
                    "{\"accountId\":\"T-1\",\"amountPaise\":100000,\"gatewayReference\":\"UTR-T1\"}")
                .status())
        .isEqualTo(201);
    // after the account was opened: a meter's readings from before it served the account are not
    // the account's
    Instant opened = Instant.now();
    store("TM-0001", opened.plus(Duration.ofMinutes(1)), 0);
    store("TM-0001", opened.plus(Duration.ofMinutes(61)), 3_000); // 3 kWh at ₹5: ₹15
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.get(operator, "/api/accounts/T-1").json().get("balancePaise").asLong()
                    == 98_500);

    // ₹15 over the last 7 days is 214 paise a day; ₹985 lasts 460.28 days: told 460.2, never more
    Answer summary = api.get(operator, "/api/accounts/T-1");
    assertThat(summary.json().get("averageDailySpendPaise").asLong()).isEqualTo(214);
    assertThat(summary.json().get("daysOfSupplyLeft").toString()).isEqualTo("460.2");

    Answer statement = api.get(operator, "/api/accounts/T-1/statement");
    var deduction =
        java.util.stream.StreamSupport.stream(statement.json().get("items").spliterator(), false)
            .filter(e -> e.get("kind").asText().equals("deduction"))
            .findFirst()
            .orElseThrow();
    assertThat(deduction.get("details").isObject())
        .as("details as JSON, not a string: %s", deduction.get("details"))
        .isTrue();
  }

  @Test
  void aBacklogChargedTogetherReadsInTheStatementAsWhatItCovers() throws Exception {
    assertThat(open("T-3", "TM-0003").status()).isEqualTo(201);
    assertThat(
            api.post(
                    GATEWAY,
                    "/api/payments",
                    "{\"accountId\":\"T-3\",\"amountPaise\":100000,\"gatewayReference\":\"UTR-T3\"}")
                .status())
        .isEqualTo(201);
    Instant t0 = Instant.now().plus(Duration.ofMinutes(1));
    store("TM-0003", t0, 10_000); // the baseline
    // four pushes' readings stored in one commit: the feed hands them to the charger together
    List<Reading> backlog = new java.util.ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      backlog.add(
          new Reading(
              "TM-0003",
              ObisCode.parse("1.0.1.8.0.255"),
              t0.plus(Duration.ofMinutes(15L * i)),
              BigDecimal.valueOf(10_000 + 1_000L * i),
              "Wh"));
    }
    hes.writer().submit(Submission.ofReadings(backlog)).get(20, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.get(operator, "/api/accounts/T-3").json().get("balancePaise").asLong()
                    == 98_000); // 4 kWh at ₹5

    List<com.fasterxml.jackson.databind.JsonNode> deductions =
        java.util.stream.StreamSupport.stream(
                api.get(operator, "/api/accounts/T-3/statement").json().get("items").spliterator(),
                false)
            .filter(e -> e.get("kind").asText().equals("deduction"))
            .sorted(java.util.Comparator.comparing(e -> e.get("details").get("toTs").asText()))
            .toList();
    // however the feed split them, the entries cover the four readings end to end, each saying
    // from which register value and time to which, for how many readings, at what cost
    assertThat(deductions).isNotEmpty();
    assertThat(deductions.get(0).get("details").get("fromWh").asLong()).isEqualTo(10_000);
    assertThat(deductions.get(deductions.size() - 1).get("details").get("toWh").asLong())
        .isEqualTo(14_000);
    long readings = 0;
    for (int i = 0; i < deductions.size(); i++) {
      var d = deductions.get(i).get("details");
      assertThat(d.isObject()).isTrue();
      assertThat(d.get("lines").get("totalPaise").asLong())
          .isEqualTo(-deductions.get(i).get("amountPaise").asLong())
          .isEqualTo(500L * d.get("readings").asLong());
      if (i > 0) {
        var previous = deductions.get(i - 1).get("details");
        assertThat(d.get("fromWh").asLong()).isEqualTo(previous.get("toWh").asLong());
        assertThat(d.get("fromTs").asText()).isEqualTo(previous.get("toTs").asText());
      }
      readings += d.get("readings").asLong();
    }
    assertThat(readings).isEqualTo(4);
  }

  @Test
  void openingAnAccountWithAnAlreadyRegisteredMeterKeepsItsRegistrationAndModel() throws Exception {
    Answer registered =
        api.post(operator, "/api/meters", "{\"serial\":\"TM-0002\",\"model\":\"urja-sim-1ph-b\"}");
    assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);

    assertThat(open("T-2", "TM-0002").status()).isEqualTo(201);

    Answer meter = api.get(operator, "/api/meters/TM-0002");
    assertThat(meter.json().get("status").asText()).isEqualTo("registered");
    assertThat(meter.json().get("model").asText()).isEqualTo("urja-sim-1ph-b");
  }

  @Test
  void anAccountIsNotOpenedWithAMeterSerialPostMetersWouldRefuse() throws Exception {
    Answer refused = open("T-3", "bad serial!");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("field").asText()).isEqualTo("meterSerial");
    assertThat(api.get(operator, "/api/accounts/T-3").status()).isEqualTo(404);
  }

  @Test
  void readingAPaymentIsNotAReplayButPostingItAgainIs() throws Exception {
    assertThat(open("T-4", "TM-0004").status()).isEqualTo(201);
    String body = "{\"accountId\":\"T-4\",\"amountPaise\":5000,\"gatewayReference\":\"UTR-T4\"}";
    Answer first = api.post(GATEWAY, "/api/payments", body);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("replay").asBoolean()).isFalse();

    Answer read = api.get(GATEWAY, "/api/payments/UTR-T4");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("replay").asBoolean()).isFalse();
    assertThat(read.json().get("receiptNumber").asText())
        .isEqualTo(first.json().get("receiptNumber").asText());

    Answer again = api.post(GATEWAY, "/api/payments", body);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("replay").asBoolean()).isTrue();
  }

  @Test
  void aPaymentForAnUnknownAccountIsAnsweredAccountNotFound() throws Exception {
    Answer a =
        api.post(
            GATEWAY,
            "/api/payments",
            "{\"accountId\":\"NO-SUCH\",\"amountPaise\":5000,\"gatewayReference\":\"UTR-NONE\"}");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.code()).isEqualTo("account_not_found");
    assertThat(queryLong("SELECT count(*) FROM payments WHERE gateway_reference = 'UTR-NONE'"))
        .isZero();
  }

  @Test
  void theDemosMetersCarryTheModelOfTheirSimulatedMakeOverMqttAsOverTcp() throws Exception {
    FleetOptions fleet = new FleetOptions();
    fleet.tcpMeters = 4;
    fleet.mqttMeters = 2;
    Demo.registerMakes(hes.directory(), fleet, FleetLauncher.makes(fleet, hes.models()));
    String demoOperator = hes.api().keys().create("demo ops", Role.OPERATOR, null, "test").secret();

    List<String> serials = new java.util.ArrayList<>();
    for (int i = 0; i < fleet.tcpMeters; i++) {
      serials.add(fleet.tcpFleet().serial(i));
    }
    serials.add(fleet.mqttFleet().serial(0));
    serials.add(fleet.mqttFleet().serial(1));
    for (String serial : serials) {
      Answer meter = api.get(demoOperator, "/api/meters/" + serial);
      assertThat(meter.status()).as(serial).isEqualTo(200);
      assertThat(meter.json().get("model").isTextual()).as(serial + " " + meter.json()).isTrue();
    }
    assertThat(
            api.get(demoOperator, "/api/meters/" + fleet.mqttFleet().serial(0))
                .json()
                .get("model")
                .asText())
        .isEqualTo(fleet.makes.get(0));
    assertThat(
            api.get(demoOperator, "/api/meters/" + fleet.tcpFleet().serial(3))
                .json()
                .get("model")
                .asText())
        .isEqualTo(fleet.makes.get(1));
  }
}
