package org.urja.headend.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.selfcare.ConsumerPhone;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.Submission;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.obis.ObisCode;

/**
 * Issue 9 item 4, through the public API on the embedded database: every event a consumer must hear
 * of — a complaint registered, its status changed, resolved; an outage on their feeder opened and
 * restored; a payment reversed; a bill issued and due — queues exactly one message on each of the
 * two configured channels (log and the SMS webhook), in Hindi for a Hindi account, and the same
 * event again (the API call retried, the job run again) queues none. A postpaid consumer is never
 * sent prepaid words.
 */
class OneMessagePerEventTest extends PostgresTestSupport {
  static final List<String> CHANNELS = List.of("log", "webhook");
  static final List<String> PREPAID_WORDS = List.of("prepaid", "recharge", "प्रीपेड", "रिचार्ज");

  final HttpClient http = HttpClient.newHttpClient();
  ConsumerPhone phone;
  HeadEnd hes;
  int port;

  /** One row of the outbox, as much of it as the consumer's message is made of. */
  record Queued(String kind, String channel, String language, String body, String dedupKey) {}

  @BeforeAll
  void start() throws Exception {
    phone = new ConsumerPhone();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", String.valueOf(port))
            .with("tcp.bind", "127.0.0.1")
            .with("notify.webhook.url", phone.url())
            .with("notify.webhook.secret", "sms-gateway-secret")
            .with("api.operator.tokens", "op-token")
            .with("api.gateway.tokens", "gw-token");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    var p = hes.prepaid();
    p.utilities().register("WESTCO", "West Discom", UtilitySettings.defaults());
    p.tariffs()
        .save(
            new Tariff(
                "WESTCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("500"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    open("P-HI", "hi", PaymentMode.PREPAID);
    open("Q-HI", "hi", PaymentMode.POSTPAID);
    open("P-EN", "en", PaymentMode.PREPAID);
    open("Q-EN", "en", PaymentMode.POSTPAID);
  }

  @AfterAll
  void stop() {
    hes.close();
    phone.close();
  }

  @Test
  void aComplaintIsToldOncePerChannelWhenRegisteredAtEachChangeOfStatusAndWhenResolved()
      throws Exception {
    String complaint =
        "{\"accountId\":\"Q-HI\",\"category\":\"faulty_meter\",\"description\":\"display blank\"}";
    HttpResponse<String> registered = call("POST", "/api/complaints", "op-token", complaint);
    HttpResponse<String> retried = call("POST", "/api/complaints", "op-token", complaint);
    assertThat(registered.statusCode()).isEqualTo(201);
    assertThat(retried.statusCode()).isEqualTo(200);
    String number = json(registered).path("complaintNumber").asText();
    assertThat(json(retried).path("complaintNumber").asText()).isEqualTo(number);
    assertThat(queryLong("select count(*) from complaints where account_id = 'Q-HI'")).isOne();

    status(number, "{\"status\":\"in_progress\"}");
    status(number, "{\"status\":\"in_progress\"}");
    status(number, "{\"status\":\"resolved\",\"resolution\":\"meter replaced\"}");
    status(number, "{\"status\":\"resolved\",\"resolution\":\"meter replaced\"}");
    status(number, "{\"status\":\"closed\"}");

    List<Queued> told = queued("Q-HI", "complaint_");
    assertOncePerChannel(told, "complaint_registered", "hi");
    assertThat(bodyOf(told, "complaint_registered")).contains(number, "मीटर खराब", "दर्ज");
    assertThat(told)
        .filteredOn(q -> q.kind().equals("complaint_status_changed"))
        .extracting(Queued::channel, q -> q.body().contains(number))
        .containsExactlyInAnyOrder(
            tuple("log", true), tuple("log", true), tuple("webhook", true), tuple("webhook", true));
    assertThat(told)
        .filteredOn(q -> q.kind().equals("complaint_status_changed"))
        .extracting(Queued::body)
        .anySatisfy(b -> assertThat(b).contains("कार्यवाही जारी"))
        .anySatisfy(b -> assertThat(b).contains("बंद"));
    assertOncePerChannel(told, "complaint_resolved", "hi");
    assertThat(bodyOf(told, "complaint_resolved")).contains(number, "समाधान", "meter replaced");
    assertThat(told).hasSize(8);

    // a complaint reopened is a new change of status, told again
    status(number, "{\"status\":\"open\"}");
    assertThat(queued("Q-HI", "complaint_status_changed")).hasSize(6);
    awaitDelivered("Q-HI");
    assertNoPrepaidWords("Q-HI");
  }

  @Test
  void anOutageIsToldToEveryAccountOnTheFeederOnceWhenItOpensAndOnceWhenSupplyIsRestored()
      throws Exception {
    for (String account : List.of("P-HI", "Q-HI", "P-EN", "Q-EN")) {
      call(
          "POST", "/api/meters/M-" + account + "/network", "op-token", "{\"feeder\":\"F-33KV-2\"}");
    }
    Instant t = Instant.now().minusSeconds(300);
    powerEvent("M-P-HI", 101, t.plusSeconds(1));
    powerEvent("M-Q-HI", 101, t.plusSeconds(2));
    powerEvent("M-P-EN", 101, t.plusSeconds(3));
    hes.selfcare().outages().scan();
    hes.selfcare().outages().scan();
    // one more meter goes dark: the outage's count changes, not its state
    powerEvent("M-Q-EN", 101, t.plusSeconds(4));
    hes.selfcare().outages().scan();
    assertThat(
            queryLong(
                "select meters_affected from outages where feeder = 'F-33KV-2' and closed_at is null"))
        .isEqualTo(4);

    for (String account : List.of("P-HI", "Q-HI", "P-EN", "Q-EN")) {
      List<Queued> told = queued(account, "outage_");
      String language = account.endsWith("HI") ? "hi" : "en";
      assertOncePerChannel(told, "outage_opened", language);
      assertThat(told).hasSize(2);
      assertThat(bodyOf(told, "outage_opened")).contains("F-33KV-2", account);
    }
    assertThat(bodyOf(queued("Q-HI", "outage_"), "outage_opened")).contains("बाधित");

    for (String meter : List.of("M-P-HI", "M-Q-HI", "M-P-EN", "M-Q-EN")) {
      powerEvent(meter, 102, t.plusSeconds(120));
    }
    hes.selfcare().outages().scan();
    hes.selfcare().outages().scan();
    assertThat(call("GET", "/api/outages?open=true", "op-token", null).body()).contains("[]");
    for (String account : List.of("P-HI", "Q-HI", "P-EN", "Q-EN")) {
      List<Queued> told = queued(account, "outage_");
      assertOncePerChannel(told, "outage_restored", account.endsWith("HI") ? "hi" : "en");
      assertThat(told).hasSize(4);
    }
    assertThat(bodyOf(queued("P-EN", "outage_"), "outage_restored"))
        .contains("F-33KV-2", "was restored");
    awaitDelivered("Q-EN");
    assertNoPrepaidWords("Q-EN");
  }

  @Test
  void aReversedRechargeIsToldOnceWithTheBalanceLeft() throws Exception {
    String payment =
        "{\"accountId\":\"P-HI\",\"amountPaise\":50000,\"gatewayReference\":\"UTR-PHI-1\",\"channel\":\"upi\"}";
    assertThat(call("POST", "/api/payments", "gw-token", payment).statusCode()).isEqualTo(201);
    String reversal = "{\"reason\":\"chargeback\"}";
    assertThat(call("POST", "/api/payments/UTR-PHI-1/reversal", "gw-token", reversal).statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/api/payments/UTR-PHI-1/reversal", "gw-token", reversal).statusCode())
        .isEqualTo(200);

    List<Queued> told = queued("P-HI", "");
    assertOncePerChannel(told, "recharge_reversed", "hi");
    assertThat(told).noneMatch(q -> q.kind().equals("payment_reversed"));
    assertThat(bodyOf(told, "recharge_reversed"))
        .contains("UTR-PHI-1", "₹500.00", "वापस", "बैलेंस: ₹0.00");
  }

  @Test
  void aPostpaidConsumersBillIsToldWhenIssuedAndDueAndAReversedPaymentMakesItDueAgain()
      throws Exception {
    // due the day after issue, so that the reminder's day is today
    call(
        "PUT",
        "/api/utilities/WESTCO/billing",
        "op-token",
        "{\"dueDays\":1,\"latePaymentPercent\":1.5,\"reminderDaysBefore\":3}");
    store("M-Q-HI", "2026-01-31T18:30:00Z", 1_000_000, "2026-02-28T18:30:00Z", 1_100_000);
    call("POST", "/api/bills/run", "op-token", "{\"month\":\"2026-02\"}");
    call("POST", "/api/bills/run", "op-token", "{\"month\":\"2026-02\"}");
    JsonNode bill = json(call("GET", "/api/accounts/Q-HI/bills", "op-token", null)).path("bills");
    assertThat(bill).hasSize(1);
    String billNo = bill.get(0).path("billNo").asText();
    long due = bill.get(0).path("amountDuePaise").asLong();
    hes.prepaid().billing().remind();
    hes.prepaid().billing().remind();

    String payment =
        "{\"accountId\":\"Q-HI\",\"amountPaise\":"
            + due
            + ",\"gatewayReference\":\"UTR-QHI-1\",\"channel\":\"upi\"}";
    assertThat(call("POST", "/api/payments", "gw-token", payment).statusCode()).isEqualTo(201);
    String reversal = "{\"reason\":\"cheque bounced\"}";
    call("POST", "/api/payments/UTR-QHI-1/reversal", "gw-token", reversal);
    call("POST", "/api/payments/UTR-QHI-1/reversal", "gw-token", reversal);

    List<Queued> told = queued("Q-HI", "");
    assertOncePerChannel(told, "bill_issued", "hi");
    assertOncePerChannel(told, "bill_due", "hi");
    assertOncePerChannel(told, "payment_receipt", "hi");
    assertOncePerChannel(told, "payment_reversed", "hi");
    assertThat(told).noneMatch(q -> q.kind().equals("recharge_reversed"));
    assertThat(bodyOf(told, "bill_issued")).contains(billNo);
    assertThat(bodyOf(told, "bill_due")).contains(billNo);
    assertThat(bodyOf(told, "payment_reversed"))
        .contains("UTR-QHI-1", billNo, "फिर से देय")
        .doesNotContain("बैलेंस");
    awaitDelivered("Q-HI");
    assertNoPrepaidWords("Q-HI");
    call(
        "PUT",
        "/api/utilities/WESTCO/billing",
        "op-token",
        "{\"dueDays\":15,\"latePaymentPercent\":1.5,\"reminderDaysBefore\":3}");
  }

  private void assertOncePerChannel(List<Queued> told, String kind, String language) {
    assertThat(told)
        .as("%s: one per channel, in %s", kind, language)
        .filteredOn(q -> q.kind().equals(kind))
        .extracting(Queued::channel, Queued::language)
        .containsExactlyInAnyOrder(
            tuple(CHANNELS.get(0), language), tuple(CHANNELS.get(1), language));
  }

  private static String bodyOf(List<Queued> told, String kind) {
    List<String> bodies =
        told.stream().filter(q -> q.kind().equals(kind)).map(Queued::body).distinct().toList();
    assertThat(bodies).as("the same text on every channel").hasSize(1);
    return bodies.get(0);
  }

  private void assertNoPrepaidWords(String account) throws Exception {
    assertThat(queued(account, ""))
        .extracting(q -> q.body().toLowerCase())
        .allSatisfy(body -> assertThat(body).doesNotContain(PREPAID_WORDS));
  }

  /** The webhook (the consumer's phone) received every queued message of the account. */
  private void awaitDelivered(String account) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                queryLong(
                        "select count(*) from notification_outbox where account_id = '"
                            + account
                            + "' and status <> 'delivered'")
                    == 0);
  }

  private List<Queued> queued(String account, String kindPrefix) throws Exception {
    List<Queued> out = new ArrayList<>();
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select kind, channel, language, body, dedup_key from notification_outbox "
                    + "where account_id = ? and kind like ? order by id")) {
      ps.setString(1, account);
      ps.setString(2, kindPrefix + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Queued(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
        }
      }
    }
    return out;
  }

  private void open(String account, String language, PaymentMode mode) throws Exception {
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                account,
                "WESTCO",
                "Consumer " + account,
                "+91987770000" + (1 + List.of("P-HI", "Q-HI", "P-EN", "Q-EN").indexOf(account)),
                language,
                mode,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2026-01-01T00:00:00Z")),
            "M-" + account);
    hes.directory().register("M-" + account, "WESTCO", "default");
  }

  private void powerEvent(String meter, int code, Instant at) {
    execute(
        "insert into meter_events (meter_id, code, ts) select id, "
            + code
            + ", '"
            + at
            + "' from meters where serial = '"
            + meter
            + "'");
  }

  private void store(String serial, Object... tsAndWh) throws Exception {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < tsAndWh.length; i += 2) {
      readings.add(
          new Reading(
              serial,
              ObisCode.parse("1.0.1.8.0.255"),
              Instant.parse((String) tsAndWh[i]),
              BigDecimal.valueOf(((Number) tsAndWh[i + 1]).longValue()),
              "Wh"));
    }
    hes.writer().submit(Submission.ofReadings(readings)).get(20, TimeUnit.SECONDS);
  }

  private void status(String complaint, String body) throws Exception {
    HttpResponse<String> r =
        call("POST", "/api/complaints/" + complaint + "/status", "op-token", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JsonExchange.JSON.readTree(r.body());
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return r;
  }
}
