package org.urja.headend.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
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
 * Issue 9, end to end on the embedded database, through the public API and the WhatsApp webhook: a
 * postpaid consumer's month (readings → bill → PDF → payment → receipt → messages) without a word
 * of prepaid in anything they receive, and a consumer switched to postpaid with prepaid messages
 * still queued who receives none of them.
 */
class PostpaidConsumerMonthTest extends PostgresTestSupport {
  static final String SECRET = "app-secret-for-tests";

  /** Words of prepaid metering that a postpaid consumer must never be sent. */
  static final List<String> PREPAID_WORDS = List.of("prepaid", "recharge", "प्रीपेड", "रिचार्ज");

  final HttpClient http = HttpClient.newHttpClient();
  final AtomicInteger messageIds = new AtomicInteger();
  final List<String> chatReplies = new ArrayList<>();
  FakeGraphApi graph;
  ConsumerInbox inbox;
  HeadEnd hes;
  int port;

  @BeforeAll
  void start() throws Exception {
    graph = new FakeGraphApi();
    inbox = new ConsumerInbox();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", String.valueOf(port))
            .with("tcp.bind", "127.0.0.1")
            .with("notify.webhook.url", inbox.url())
            .with("notify.webhook.secret", "sms")
            .with("chatbot.app.secret", SECRET)
            .with("chatbot.verify.token", "verify-me")
            .with("chatbot.graph.url", graph.baseUrl())
            .with("chatbot.phone.number.id", "10987654321")
            .with("chatbot.access.token", "graph-token")
            .with("api.operator.tokens", "op-token")
            .with("api.gateway.tokens", "gw-token")
            .with("documents.link.key", Base64.getEncoder().encodeToString(key))
            .with("documents.base.url", "http://127.0.0.1:" + port);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    var p = hes.prepaid();
    p.utilities()
        .register("NORTHCO", "उत्तर विद्युत वितरण निगम (North Discom)", UtilitySettings.defaults());
    // 0–100 @ ₹3.35, 101–150 @ ₹3.85, 151–300 @ ₹5.00, above @ ₹5.50; ₹1.10/kW/day; 5 % duty
    p.tariffs()
        .save(
            new Tariff(
                "NORTHCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(
                    new Slab(new BigDecimal("100"), new BigDecimal("335")),
                    new Slab(new BigDecimal("150"), new BigDecimal("385")),
                    new Slab(new BigDecimal("300"), new BigDecimal("500")),
                    new Slab(null, new BigDecimal("550"))),
                new BigDecimal("110"),
                new BigDecimal("5"),
                List.of(),
                Rebate.none()));
  }

  @AfterAll
  void stop() {
    hes.close();
    graph.close();
    inbox.close();
  }

  @Test
  void aPostpaidConsumersMonthFromReadingsToBillPdfPaymentAndReceiptSpeaksNoPrepaidWord()
      throws Exception {
    open("N-1", "+919822200001", "hi", PaymentMode.POSTPAID);
    // the register at local midnight of 1 Feb and 1 Mar (IST), stored through ingest's writer
    store(
        "NM-N-1",
        "2026-01-31T18:30:00Z",
        1_000_000,
        "2026-02-14T06:00:00Z",
        1_090_000,
        "2026-02-28T18:30:00Z",
        1_180_000,
        "2026-02-28T19:00:00Z",
        1_180_400);

    JsonNode run = api("POST", "/api/bills/run", "op-token", "{\"month\":\"2026-02\"}");
    JsonNode again = api("POST", "/api/bills/run", "op-token", "{\"month\":\"2026-02\"}");
    JsonNode bills = api("GET", "/api/accounts/N-1/bills", "op-token", null).path("bills");

    assertThat(bills).hasSize(1);
    JsonNode bill = bills.get(0);
    String billNo = bill.path("billNo").asText();
    assertThat(run.path("issued")).extracting(JsonNode::asText).contains(billNo);
    assertThat(again.path("issued")).extracting(JsonNode::asText).doesNotContain(billNo);
    // 180 kWh: 33,500 + 19,250 + 15,000 energy; 2 kW × 28 days × 110 = 6,160 fixed; 5 % duty 3,696
    assertThat(bill.path("kwh").decimalValue()).isEqualByComparingTo("180");
    assertThat(bill.path("amountDuePaise").asLong()).isEqualTo(77_606);

    String pdfText = pdfText(get("/api/bills/" + billNo + ".pdf", "op-token"));
    assertThat(pdfText)
        .contains(billNo, "N-1", "NM-N-1", "₹776.06", "1000.00", "1180.00", "180.00");

    // the chatbot: link by the registered number, "2" gives the bill and its PDF, "3" what is due
    String phone = "919822200001";
    say(phone, "1");
    assertThat(say(phone, "N-1")).containsAnyOf("पोस्टपेड", "postpaid");
    assertThat(say(phone, "english")).contains("2 Last bill / payment");
    String two = say(phone, "2");
    assertThat(two).contains(billNo, "₹776.06", "Still to pay");
    FakeGraphApi.Sent document = graph.next();
    assertThat(document.body().path("type").asText()).isEqualTo("document");
    String link = document.body().path("document").path("link").asText();
    assertThat(document.body().path("document").path("filename").asText())
        .isEqualTo(billNo + ".pdf");
    assertThat(two).contains(link);
    HttpResponse<byte[]> fetched = fetch(link);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(pdfText(fetched.body())).contains(billNo);
    assertThat(fetch(link.replace("sig=", "sig=x")).statusCode()).isEqualTo(403);
    assertThat(fetch(link.replaceAll("expires=\\d+", "expires=4102444800")).statusCode())
        .isEqualTo(403);
    assertThat(say(phone, "3")).contains("postpaid", "₹776.06", billNo);

    // the payment: the same gateway callback as a recharge, repeated by the gateway
    String payment =
        "{\"accountId\":\"N-1\",\"amountPaise\":77606,\"gatewayReference\":\"UTR-N1-FEB\",\"channel\":\"upi\"}";
    assertThat(apiStatus("POST", "/api/payments", "gw-token", payment)).isEqualTo(201);
    assertThat(apiStatus("POST", "/api/payments", "gw-token", payment)).isEqualTo(200);
    String receipt = pdfText(get("/api/payments/UTR-N1-FEB/receipt.pdf", "gw-token"));
    assertThat(receipt).contains("UTR-N1-FEB", "₹776.06", billNo);
    assertThat(say(phone, "2")).contains("Paid in full");
    assertThat(graph.next().body().path("type").asText()).isEqualTo("document");
    assertThat(say(phone, "3")).contains("₹0.00");
    assertThat(
            api("GET", "/api/accounts/N-1/bills", "op-token", null)
                .path("bills")
                .get(0)
                .path("unpaidPaise")
                .asLong())
        .isZero();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(inbox.kindsTo("N-1"))
                    .containsExactlyInAnyOrder("bill_issued", "payment_receipt"));
    List<String> received = new ArrayList<>(chatReplies);
    inbox.to("N-1").forEach(m -> received.add(m.path("text").asText()));
    assertThat(inbox.to("N-1"))
        .allSatisfy(m -> assertThat(m.path("language").asText()).isEqualTo("hi"));
    assertThat(received)
        .allSatisfy(text -> assertThat(text.toLowerCase()).doesNotContain(PREPAID_WORDS));
  }

  @Test
  void aConsumerSwitchedToPostpaidWithPrepaidMessagesPendingReceivesNoneOfThem() throws Exception {
    open("N-2", "+919822200002", "en", PaymentMode.PREPAID);
    hes.prepaid().notifications().stop();
    try {
      // a recharge queues its receipt (and re-arms alerts) while nothing is being delivered
      assertThat(
              apiStatus(
                  "POST",
                  "/api/payments",
                  "gw-token",
                  "{\"accountId\":\"N-2\",\"amountPaise\":50000,\"gatewayReference\":\"UTR-N2-1\",\"channel\":\"upi\"}"))
          .isEqualTo(201);
      assertThat(
              api("GET", "/api/notifications?accountId=N-2&status=pending", "op-token", null)
                  .path("items"))
          .isNotEmpty();
      assertThat(
              apiStatus(
                  "POST",
                  "/api/accounts/N-2/payment-mode",
                  "op-token",
                  "{\"paymentMode\":\"postpaid\",\"reason\":\"consumer chose postpaid\"}"))
          .isEqualTo(200);
    } finally {
      hes.prepaid().notifications().start();
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        api(
                                "GET",
                                "/api/notifications?accountId=N-2&status=pending",
                                "op-token",
                                null)
                            .path("items"))
                    .isEmpty());
    JsonNode suppressed =
        api("GET", "/api/notifications?accountId=N-2&status=suppressed", "op-token", null)
            .path("items");
    assertThat(suppressed)
        .isNotEmpty()
        .allSatisfy(n -> assertThat(n.path("lastError").asText()).contains("postpaid"));
    assertThat(
            api("GET", "/api/notifications?accountId=N-2&status=delivered", "op-token", null)
                .path("items"))
        .isEmpty();
    assertThat(inbox.to("N-2")).isEmpty();
    // the receipt of the payment made while prepaid is still there for the asking
    assertThat(pdfText(get("/api/payments/UTR-N2-1/receipt.pdf", "op-token")))
        .contains("UTR-N2-1", "₹500.00");
  }

  @Test
  void anOperatorSetsAUtilitysBillingRulesWithinBounds() throws Exception {
    JsonNode rules =
        api(
            "PUT",
            "/api/utilities/NORTHCO/billing",
            "op-token",
            "{\"dueDays\":10,\"latePaymentPercent\":2}");

    assertThat(rules.path("dueDays").asInt()).isEqualTo(10);
    assertThat(rules.path("latePaymentPercent").decimalValue()).isEqualByComparingTo("2");
    assertThat(rules.path("reminderDaysBefore").asInt()).isEqualTo(3);
    assertThat(
            apiStatus(
                "PUT",
                "/api/utilities/NORTHCO/billing",
                "op-token",
                "{\"dueDays\":10,\"latePaymentPercent\":12}"))
        .isEqualTo(400);
    assertThat(
            apiStatus(
                "PUT",
                "/api/utilities/NOWHERE/billing",
                "op-token",
                "{\"dueDays\":10,\"latePaymentPercent\":2}"))
        .isEqualTo(404);
    // back to the defaults the other tests expect
    api(
        "PUT",
        "/api/utilities/NORTHCO/billing",
        "op-token",
        "{\"dueDays\":15,\"latePaymentPercent\":1.5}");
  }

  private void open(String account, String phone, String language, PaymentMode mode) {
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                account,
                "NORTHCO",
                "Consumer " + account,
                phone,
                language,
                mode,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2026-01-01T00:00:00Z")),
            "NM-" + account);
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

  private String say(String phone, String text) throws Exception {
    String json =
        WhatsAppChatbotConversationTest.message(
            phone, "wamid.pp." + messageIds.incrementAndGet(), "text", text);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json")
            .header(
                "X-Hub-Signature-256",
                hes.selfcare().whatsapp().signature(json.getBytes(StandardCharsets.UTF_8)))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    String reply = graph.next().text();
    chatReplies.add(reply);
    return reply;
  }

  private JsonNode api(String method, String path, String token, String body) throws Exception {
    HttpResponse<String> r = call(method, path, token, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return JsonExchange.JSON.readTree(r.body());
  }

  private int apiStatus(String method, String path, String token, String body) throws Exception {
    return call(method, path, token, body).statusCode();
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return http.send(
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
  }

  private byte[] get(String path, String token) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
    return r.body();
  }

  private HttpResponse<byte[]> fetch(String link) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String pdfText(byte[] pdf) throws Exception {
    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }
}
