package org.urja.headend.prepaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * A prepaid consumer's whole story on real components: the simulated meter's pushes are charged,
 * the credit runs out, alerts go out once each, the head-end opens the relay with a DLMS ACTION,
 * consumption stops; the gateway posts the recharge twice, it is credited once, and the relay
 * closes again.
 */
class PrepaidMeterEndToEndTest extends PostgresTestSupport {
  static final String TOKEN = "gateway-secret-1";
  static final String SERIAL = "PRE00000000";
  HeadEnd hes;
  TcpFleet fleet;
  final HttpClient http = HttpClient.newHttpClient();

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("prepaid.policy.every", "PT0.5S")
            .with("relay.poll.every", "PT0.2S")
            .with("api.gateway.tokens", TOKEN)
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    PrepaidEngine p = hes.prepaid();
    // a utility that may disconnect at any hour on any day, with no grace: the story fits in
    // seconds
    p.utilities().register("TESTCO", "Test Discom", UtilitySettings.disconnectingAtOnce());
    p.tariffs()
        .save(
            new Tariff(
                "TESTCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    p.accounts()
        .open(
            new Account(
                "ACC-1001",
                "TESTCO",
                "Asha Devi",
                "+919800000001",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            SERIAL);
    assertThat(post("UTR-0001", 1_500).statusCode()).isEqualTo(201);
    p.accounts()
        .open(
            new Account(
                "ACC-1002",
                "TESTCO",
                "Ravi Kumar",
                "+919800000002",
                "hi",
                PaymentMode.POSTPAID,
                "LMV-1",
                new BigDecimal("1"),
                Instant.parse("2020-01-01T00:00:00Z")),
            "PRE00000001");

    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 96);
    // IS 15959 meters whose key file is imported first: relay commands go over HLS-GMAC, suite 0
    FleetConfig meters =
        new FleetConfig(
            2, 0, "PRE", 5L, simStart, Duration.ofMinutes(15), Duration.ofMillis(150), 0, 4, 100);
    FleetKeys.importFleets(hes.meterKeys(), List.of(meters), null, "test");
    fleet =
        new TcpFleet(
                meters,
                MeterModelCatalog.bundled().defaultModel(),
                "127.0.0.1",
                hes.tcpPort(),
                1,
                StrictMeters.handlers(meters.seed()))
            .pushEncoding(StrictMeters.cipheredPushes(meters.seed()))
            .start();
  }

  @AfterAll
  void stop() {
    fleet.close();
    hes.close();
  }

  HttpResponse<String> post(String reference, long paise) throws Exception {
    String body =
        "{\"accountId\":\"ACC-1001\",\"amountPaise\":"
            + paise
            + ",\"gatewayReference\":\""
            + reference
            + "\",\"channel\":\"UPI\"}";
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hes.httpPort() + "/api/payments"))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  long count(String sql) {
    return queryLong(sql);
  }

  @Test
  void aPrepaidMeterRunsOutIsDisconnectedAndIsReconnectedByOneRecharge() throws Exception {
    SimulatedMeter meter = fleet.meter(SERIAL).orElseThrow();

    // credit runs out: the relay opens by DLMS ACTION and the meter confirms it
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !fleet.onMeter(meter, () -> meter.relay().outputState()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM relay_commands WHERE meter_serial = '"
                            + SERIAL
                            + "' AND action = 'disconnect' AND status = 'confirmed'")
                    == 1);
    assertThat(hes.prepaid().queries().balancePaise("ACC-1001")).isNegative();

    // each alert once, never one per reading
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM notification_outbox WHERE account_id = 'ACC-1001' AND kind = 'disconnected' AND channel = 'log'")
                    == 1);
    assertThat(
            count(
                "SELECT count(*) FROM notification_outbox WHERE account_id = 'ACC-1001' AND kind IN ('balance_low','balance_exhausted') AND channel = 'log'"))
        .isBetween(1L, 3L);
    assertThat(count("SELECT count(*) - count(DISTINCT dedup_key) FROM notification_outbox"))
        .isZero();

    // consumption stops while the relay is open
    long frozen = fleet.onMeter(meter, meter::importWh);
    long at = fleet.onMeter(meter, meter::interval);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fleet.onMeter(meter, meter::interval) >= at + 4);
    assertThat(fleet.onMeter(meter, meter::importWh)).isEqualTo(frozen);

    // the gateway delivers the recharge callback twice
    HttpResponse<String> first = post("UTR-0002", 10_000);
    HttpResponse<String> again = post("UTR-0002", 10_000);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode r1 = JsonExchange.JSON.readTree(first.body());
    JsonNode r2 = JsonExchange.JSON.readTree(again.body());
    assertThat(r2.get("receiptNumber").asText()).isEqualTo(r1.get("receiptNumber").asText());
    assertThat(
            count(
                "SELECT count(*) FROM ledger_entries WHERE idempotency_key = 'recharge:UTR-0002'"))
        .isEqualTo(1);

    // and the relay closes again, confirmed by the meter, and energy flows
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fleet.onMeter(meter, () -> meter.relay().outputState()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM relay_commands WHERE meter_serial = '"
                            + SERIAL
                            + "' AND action = 'reconnect' AND status = 'confirmed'")
                    == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fleet.onMeter(meter, meter::importWh) > frozen);

    assertThat(hes.prepaid().queries().accountsOutOfBalance()).isEmpty();
  }

  @Test
  void aPostpaidConsumerGetsNoPrepaidMessagesUntilTheMeterReportsTheSwitchToPrepaid()
      throws Exception {
    SimulatedMeter meter = fleet.meter("PRE00000001").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = 'PRE00000001'")
                    > 20);
    assertThat(count("SELECT count(*) FROM notification_outbox WHERE account_id = 'ACC-1002'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM ledger_entries WHERE account_id = 'ACC-1002'")).isZero();

    fleet.onMeter(
        meter,
        () -> {
          meter.raiseEvent(212); // IS 15959: switched to prepaid mode
          return null;
        });

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM ledger_accounts WHERE account_id = 'ACC-1002' AND payment_mode = 'prepaid'")
                    == 1);
    assertThat(
            count(
                "SELECT count(*) FROM meter_events e JOIN meters m ON m.id = e.meter_id "
                    + "WHERE m.serial = 'PRE00000001' AND e.code = 212"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM ledger_payment_mode_changes WHERE account_id = 'ACC-1002' AND to_mode = 'prepaid'"))
        .isEqualTo(1);
  }
}
