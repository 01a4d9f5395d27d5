package org.urja.headend.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.session.MeterSession;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.security.StrictMeters;

/**
 * The spoofed push and the session flip of issue 7, on `run`'s defaults (unknown meters
 * quarantined, a 15-minute clock tolerance): an unauthenticated TCP push claiming a registered
 * prepaid meter, dated 2099 with +1,000 kWh, is held as suspect and never charged; the real meter
 * then takes its session over from the silent impostor and its genuine readings are charged;
 * impostors claiming it while it is connected are refused and never get the session; the operator
 * releases the held reading once, and only once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpoofedMeterEndToEndTest extends PostgresTestSupport {
  static final String OPERATOR = "operator-secret-7";
  static final String GATEWAY = "gateway-secret-7";
  static final String SERIAL = "SPF00000000";
  static final Instant IN_2099 = Instant.parse("2099-01-01T00:00:00Z");
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
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            // every claim is contested (no once-a-minute limit, ConnectionIdentityTest covers it):
            // the real
            // meter is asked its serial over DLMS each time an impostor claims it
            .with("tcp.identity.probe.timeout", "PT1S")
            .with("tcp.identity.contest.every", "PT0S")
            .with("api.operator.tokens", OPERATOR)
            .with("api.gateway.tokens", GATEWAY)
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    hes.prepaid()
        .utilities()
        .register("SPOOFCO", "Spoof Discom", UtilitySettings.disconnectingAtOnce());
    hes.prepaid()
        .tariffs()
        .save(
            new Tariff(
                "SPOOFCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    assertThat(
            call("POST", "/api/meters", "{\"serial\":\"" + SERIAL + "\",\"utility\":\"SPOOFCO\"}")
                .statusCode())
        .isEqualTo(201);
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                "ACC-7001",
                "SPOOFCO",
                "Meena Rao",
                "+919800000007",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            SERIAL);
    assertThat(
            call(
                    "POST",
                    "/api/payments",
                    "{\"accountId\":\"ACC-7001\",\"amountPaise\":500000,"
                        + "\"gatewayReference\":\"UTR-7001\",\"channel\":\"UPI\"}",
                    GATEWAY)
                .statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    hes.close();
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call(method, path, body, OPERATOR);
  }

  HttpResponse<String> call(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hes.httpPort() + path))
            .header("Authorization", "Bearer " + token);
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A push laid out as the bundled meter model says, as anyone who read the model could forge it.
   */
  static byte[] forgedPush(String serial, Instant t, long wh) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes()),
            DlmsData.octets(
                CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.u32(wh),
            DlmsData.u32(0),
            DlmsData.u32(0),
            DlmsData.u16(23011),
            DlmsData.u32(4_100),
            DlmsData.u32(940),
            DlmsData.bool(true));
    return WrapperFrameEncoder.toBytes(
        new WrapperFrame(1, 1, new DataNotification(1, Optional.empty(), body).encode()));
  }

  /**
   * Whether the head-end closes the connection (whatever it says first: it may try a DLMS
   * association).
   */
  static boolean closedByPeer(Socket s) {
    try {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[512];
      while (true) {
        if (in.read(buf) == -1) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  long count(String sql) {
    return queryLong(sql);
  }

  /**
   * Claims refused, whatever the reason: a conflict with the live session, a claim against an
   * authenticated one, or (the real meter imported with its system title must cipher) a plain push.
   */
  double identityConflicts() {
    return hes.registry().find("urja.ingest.connections.rejected").counters().stream()
            .mapToDouble(Counter::count)
            .sum()
        + hes.registry().find("urja.ingest.push.refused").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  @Test
  @Order(1)
  void aSpoofedFuturePushIsHeldNotChargedAndTheRealMeterKeepsItsSessionAndIsChargedNormally()
      throws Exception {
    // 1. the impostor dials first and pushes for the registered meter: dated 2099, +1,000 kWh
    try (Socket impostor = new Socket("127.0.0.1", hes.tcpPort())) {
      impostor.getOutputStream().write(forgedPush(SERIAL, IN_2099, 1_000_000));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> count("SELECT count(*) FROM suspect_readings WHERE reason = 'future'") == 7);
      assertThat(count("SELECT count(*) FROM readings WHERE ts > '2090-01-01'")).isZero();
      assertThat(
              count(
                  "SELECT count(*) FROM ledger_entries WHERE account_id = 'ACC-7001' AND idempotency_key LIKE 'charge:%'"))
          .isZero();
      JsonNode held =
          JsonExchange.JSON.readTree(
              call("GET", "/api/meters/" + SERIAL + "/suspect-readings?status=held", null).body());
      assertThat(held.get("items")).hasSize(7);
      assertThat(held.get("items").findValuesAsText("reason")).containsOnly("future");

      // 2. the real meter dials in; the impostor's connection does not answer DLMS, so it loses the
      // session
      Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 192);
      // an IS 15959 meter with its keys imported, as the real one would be
      FleetConfig genuine =
          new FleetConfig(
              1,
              0,
              "SPF",
              11L,
              simStart,
              Duration.ofMinutes(15),
              Duration.ofMillis(200),
              0,
              4,
              100);
      FleetKeys.importFleets(hes.meterKeys(), List.of(genuine), null, "test");
      fleet =
          new TcpFleet(
                  genuine,
                  MeterModelCatalog.bundled().defaultModel(),
                  "127.0.0.1",
                  hes.tcpPort(),
                  1,
                  StrictMeters.handlers(genuine.seed()))
              .pushEncoding(StrictMeters.cipheredPushes(genuine.seed()))
              .start();
      assertThat(closedByPeer(impostor)).isTrue();
    }

    // 3. its genuine readings are charged, from a charge position that never went to 2099
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM ledger_entries WHERE account_id = 'ACC-7001' AND idempotency_key LIKE 'charge:%'")
                    >= 5);
    assertThat(
            count(
                "SELECT count(*) FROM ledger_meter_charge_state WHERE meter_serial = '"
                    + SERIAL
                    + "' AND last_ts < now() + interval '15 minutes'"))
        .isEqualTo(1);
    String real =
        hes.sessions()
            .find(SERIAL)
            .map(MeterSession::remoteAddress)
            .map(String::valueOf)
            .orElseThrow();

    // 4. impostors re-claiming the serial while the real meter is connected are refused: no flip
    double conflictsBefore = identityConflicts();
    for (int i = 0; i < 10; i++) {
      try (Socket impostor = new Socket("127.0.0.1", hes.tcpPort())) {
        impostor
            .getOutputStream()
            .write(forgedPush(SERIAL, IN_2099.plusSeconds(900L * (i + 1)), 2_000_000));
        assertThat(closedByPeer(impostor)).isTrue();
      }
      assertThat(hes.sessions().find(SERIAL).map(MeterSession::remoteAddress).map(String::valueOf))
          .hasValue(real);
    }
    assertThat(identityConflicts() - conflictsBefore).isGreaterThanOrEqualTo(10);
    assertThat(count("SELECT count(*) FROM suspect_readings")).isEqualTo(7);
    long charged =
        count(
            "SELECT count(*) FROM ledger_entries WHERE account_id = 'ACC-7001' AND idempotency_key LIKE 'charge:%'");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM ledger_entries WHERE account_id = 'ACC-7001' AND idempotency_key LIKE 'charge:%'")
                    > charged);
    assertThat(hes.prepaid().queries().accountsOutOfBalance()).isEmpty();
  }

  @Test
  @Order(2)
  void anOperatorReleasesOrDiscardsAHeldReadingOnceAndOnlyOnce() throws Exception {
    JsonNode held =
        JsonExchange.JSON.readTree(
            call("GET", "/api/suspect-readings?status=held&limit=500", null).body());
    List<Long> ids = held.get("items").findValues("id").stream().map(JsonNode::asLong).toList();
    assertThat(ids).isNotEmpty();
    long voltage =
        held.get("items").findParents("obis").stream()
            .filter(n -> n.get("obis").asText().equals("1.0.32.7.0.255"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asLong();

    HttpResponse<String> released =
        call(
            "POST",
            "/api/suspect-readings/" + voltage + "/release",
            "{\"note\":\"checked on site\"}");
    HttpResponse<String> again =
        call("POST", "/api/suspect-readings/" + voltage + "/release", null);
    HttpResponse<String> discardAfterRelease =
        call("POST", "/api/suspect-readings/" + voltage + "/discard", null);

    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(JsonExchange.JSON.readTree(released.body()).get("stored").asBoolean()).isTrue();
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(discardAfterRelease.statusCode()).isEqualTo(409);
    assertThat(
            count(
                "SELECT count(*) FROM readings WHERE obis = '1.0.32.7.0.255' AND ts = '2099-01-01T00:00:00Z'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM api_audit WHERE detail = 'suspect reading "
                    + voltage
                    + " released: checked on site'"))
        .isEqualTo(1);

    long energy =
        held.get("items").findParents("obis").stream()
            .filter(n -> n.get("obis").asText().equals("1.0.1.8.0.255"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asLong();
    assertThat(call("POST", "/api/suspect-readings/" + energy + "/discard", null).statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/api/suspect-readings/" + energy + "/release", null).statusCode())
        .isEqualTo(409);
    assertThat(
            count(
                "SELECT count(*) FROM readings WHERE obis = '1.0.1.8.0.255' AND ts > '2090-01-01'"))
        .isZero();
    assertThat(call("POST", "/api/suspect-readings/999999/release", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(3)
  void serialsAreValidatedTheSameWayByTheApi() throws Exception {
    for (String serial : List.of("..", ".", "x".repeat(33), "M1'; DROP TABLE meters; --")) {
      HttpResponse<String> r =
          call(
              "POST",
              "/api/meters",
              JsonExchange.JSON.writeValueAsString(
                  java.util.Map.of("serial", serial, "utility", "SPOOFCO")));
      assertThat(r.statusCode()).as(serial).isEqualTo(400);
    }
    HttpResponse<String> installed =
        call("PUT", "/api/meters/" + SERIAL, "{\"installedAt\":\"2026-01-01T00:00:00Z\"}");
    assertThat(installed.statusCode()).isEqualTo(200);
    assertThat(JsonExchange.JSON.readTree(installed.body()).get("installedAt").asText())
        .startsWith("2026-01-01");
  }
}
