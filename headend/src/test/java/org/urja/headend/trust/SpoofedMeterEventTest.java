package org.urja.headend.trust;

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
import java.time.temporal.ChronoUnit;
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
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.store.WriteResult;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

/**
 * A meter's word that it switched payment mode moves the ledger, so an event dated where no meter's
 * clock can be is held for an operator like such a reading: it switches nothing until released.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpoofedMeterEventTest extends PostgresTestSupport {
  static final String OPERATOR = "operator-secret-e";
  static final String SERIAL = "SPE00000000";
  static final int SWITCHED_TO_POSTPAID = 211;
  HeadEnd hes;
  final HttpClient http = HttpClient.newHttpClient();
  long heldId;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("api.operator.tokens", OPERATOR);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    hes.prepaid()
        .utilities()
        .register("EVCO", "Event Discom", UtilitySettings.disconnectingAtOnce());
    hes.prepaid()
        .tariffs()
        .save(
            new Tariff(
                "EVCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    assertThat(
            call("POST", "/api/meters", "{\"serial\":\"" + SERIAL + "\",\"utility\":\"EVCO\"}")
                .statusCode())
        .isEqualTo(201);
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                "ACC-E001",
                "EVCO",
                "Ravi Das",
                "+919800000011",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            SERIAL);
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hes.httpPort() + path))
            .header("Authorization", "Bearer " + OPERATOR);
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  WriteResult push(MeterEvent e) throws Exception {
    return hes.writer().submit(List.of(), List.of(e)).get();
  }

  PaymentMode mode() {
    return hes.prepaid().accounts().find("ACC-E001").orElseThrow().paymentMode();
  }

  @Test
  @Order(1)
  void aModeSwitchDatedIn2099IsHeldAndSwitchesNothing() throws Exception {
    WriteResult r =
        push(
            new MeterEvent(
                SERIAL, SWITCHED_TO_POSTPAID, Instant.parse("2099-01-01T00:00:00Z"), "push"));

    assertThat(r.suspect()).isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM meter_events")).isZero();
    HttpResponse<String> listed =
        call("GET", "/api/meters/" + SERIAL + "/suspect-events?status=held", null);
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode items = JsonExchange.JSON.readTree(listed.body()).path("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).path("code").asInt()).isEqualTo(SWITCHED_TO_POSTPAID);
    assertThat(items.get(0).path("reason").asText()).isEqualTo("future");
    heldId = items.get(0).path("id").asLong();
    // the mode-event handler runs off the writer's thread: give it the chance it must not take
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> mode() == PaymentMode.PREPAID);
  }

  @Test
  @Order(2)
  void aDiscardedSwitchIsGoneForGood() throws Exception {
    assertThat(
            call("POST", "/api/suspect-events/" + heldId + "/discard", "{\"note\":\"clock fault\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/api/suspect-events/" + heldId + "/release", null).statusCode())
        .isEqualTo(409);
    assertThat(queryLong("SELECT count(*) FROM meter_events")).isZero();
    assertThat(mode()).isEqualTo(PaymentMode.PREPAID);
  }

  @Test
  @Order(3)
  void aReleasedSwitchIsStoredOnceAndActedOn() throws Exception {
    Instant soon = Instant.now().plus(2, ChronoUnit.HOURS); // beyond the 15-minute tolerance
    push(new MeterEvent(SERIAL, SWITCHED_TO_POSTPAID, soon, "push"));
    long id = queryLong("SELECT max(id) FROM suspect_events WHERE status = 'held'");

    HttpResponse<String> released = call("POST", "/api/suspect-events/" + id + "/release", null);

    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(JsonExchange.JSON.readTree(released.body()).path("stored").asBoolean()).isTrue();
    assertThat(queryLong("SELECT count(*) FROM meter_events WHERE code = " + SWITCHED_TO_POSTPAID))
        .isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> mode() == PaymentMode.POSTPAID);
  }

  @Test
  @Order(4)
  void aGenuineEventIsStoredAndNotHeld() throws Exception {
    WriteResult r =
        push(new MeterEvent(SERIAL, 101, Instant.now().minus(5, ChronoUnit.MINUTES), "push"));

    assertThat(r.eventsInserted()).isEqualTo(1);
    assertThat(r.suspect()).isZero();
  }
}
