package org.urja.headend.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.selfcare.ConsumerPhone;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.arrears.ArrearsPlan;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

/**
 * Consumers talk to the head-end over WhatsApp: signed Cloud API webhooks in, replies out through a
 * fake Graph API. Every menu item, in English and Hindi, with state kept per phone number.
 */
class WhatsAppChatbotConversationTest extends PostgresTestSupport {
  static final String SECRET = "app-secret-for-tests";
  final HttpClient http = HttpClient.newHttpClient();
  final AtomicInteger messageIds = new AtomicInteger();
  FakeGraphApi graph;
  ConsumerPhone registeredMobile;
  HeadEnd hes;

  @BeforeAll
  void start() throws Exception {
    graph = new FakeGraphApi();
    registeredMobile = new ConsumerPhone();
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("notify.webhook.url", registeredMobile.url())
            .with("notify.webhook.secret", "sms-gateway-secret")
            .with("chatbot.app.secret", SECRET)
            .with("chatbot.verify.token", "verify-me")
            .with("chatbot.graph.url", graph.baseUrl())
            .with("chatbot.phone.number.id", "10987654321")
            .with("chatbot.access.token", "graph-token")
            .with("selfcare.contact", "Helpline 1912");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    var p = hes.prepaid();
    p.utilities()
        .register(
            "WESTCO",
            "West Discom",
            new UtilitySettings(
                List.of(30, 10, 0),
                3,
                7,
                3,
                0L,
                "en",
                LocalTime.of(8, 0),
                LocalTime.of(18, 0),
                true,
                true,
                false,
                24,
                "Asia/Kolkata",
                12,
                null,
                null,
                null));
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
    String[][] accounts = {
      {"W-1", "+919811100001", "en"}, {"W-2", "+919811100002", "hi"}, {"W-3", "+919811100003", "en"}
    };
    for (String[] a : accounts) {
      p.accounts()
          .open(
              new Account(
                  a[0],
                  "WESTCO",
                  "Consumer " + a[0],
                  a[1],
                  a[2],
                  PaymentMode.PREPAID,
                  "LMV-1",
                  BigDecimal.ONE,
                  Instant.parse("2020-01-01T00:00:00Z")),
              "WM-" + a[0]);
    }
    p.payments().post("W-1", 25_000, "UTR-W1", "UPI", Instant.now());
  }

  @AfterAll
  void stop() {
    hes.close();
    graph.close();
    registeredMobile.close();
  }

  HttpResponse<String> webhook(String json, String signature) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hes.httpPort() + "/webhooks/whatsapp"))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    if (signature != null) {
      b.header("X-Hub-Signature-256", signature);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String message(String from, String id, String type, String text) {
    String content =
        type.equals("text")
            ? "\"text\":{\"body\":\"" + text + "\"}"
            : "\"image\":{\"id\":\"img1\"}";
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
        + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"10987654321\"},"
        + "\"contacts\":[{\"wa_id\":\""
        + from
        + "\"}],\"messages\":[{\"from\":\""
        + from
        + "\",\"id\":\""
        + id
        + "\",\"timestamp\":\"1763780000\",\"type\":\""
        + type
        + "\","
        + content
        + "}]}}]}]}";
  }

  String sign(String json) {
    return hes.selfcare().whatsapp().signature(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code text} from {@code phone} and returns the reply the Graph API received. */
  String say(String phone, String text) throws Exception {
    String json = message(phone, "wamid.in." + messageIds.incrementAndGet(), "text", text);
    assertThat(webhook(json, sign(json)).statusCode()).isEqualTo(200);
    FakeGraphApi.Sent reply = graph.next();
    assertThat(reply.path()).isEqualTo("/v19.0/10987654321/messages");
    assertThat(reply.authorization()).isEqualTo("Bearer graph-token");
    assertThat(reply.to()).isEqualTo(phone);
    assertThat(reply.body().path("messaging_product").asText()).isEqualTo("whatsapp");
    return reply.text();
  }

  @Test
  void hiGivesTheNumberedMenuAndHindiSwitchesTheLanguage() throws Exception {
    String menu = say("919700000009", "Hi");
    assertThat(menu)
        .contains(
            "1 Link account",
            "2 Last bill / payment",
            "3 Balance / amount due",
            "4 Register complaint",
            "5 Track complaint",
            "6 Contact us");
    assertThat(say("919700000009", "HINDI")).contains("1 खाता जोड़ें", "3 बैलेंस / देय राशि");
    assertThat(say("919700000009", "6")).isEqualTo("संपर्क करें: Helpline 1912");
    assertThat(say("919700000009", "english")).contains("1 Link account");
    // a number registered on a Hindi-speaking account is greeted in Hindi
    assertThat(say("919811100002", "hello")).contains("बैलेंस / देय राशि");
  }

  String lastReplyStatus(String phone) {
    return (String)
        hes.api()
            .rows()
            .one(
                "select status from chat_messages where phone = ? and direction = 'out' "
                    + "order by id desc limit 1",
                phone)
            .orElseThrow()
            .get("status");
  }

  @Test
  void aReplyTheGraphApiCouldNotTakeIsSentAgainAndARefusedOneIsNot() throws Exception {
    String phone = "919700000006";
    graph.failNext(503);
    String json = message(phone, "wamid.retry.1", "text", "Hi");
    assertThat(webhook(json, sign(json)).statusCode()).isEqualTo(200);
    FakeGraphApi.Sent refused = graph.next();
    FakeGraphApi.Sent retried = graph.next();
    assertThat(retried.text()).isEqualTo(refused.text()).contains("1 Link account");
    await().atMost(Duration.ofSeconds(5)).until(() -> lastReplyStatus(phone).equals("sent"));

    graph.failNext(400);
    String bad = message(phone, "wamid.retry.2", "text", "6");
    assertThat(webhook(bad, sign(bad)).statusCode()).isEqualTo(200);
    assertThat(graph.next().text()).contains("Helpline 1912");
    await().atMost(Duration.ofSeconds(5)).until(() -> lastReplyStatus(phone).equals("failed:400"));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(graph::nothingMore);
  }

  @Test
  void freeTextAndNonTextMessagesAreAnsweredGracefully() throws Exception {
    assertThat(say("919700000008", "what is my bill??")).contains("did not understand");
    String image = message("919700000008", "wamid.img.1", "image", null);
    assertThat(webhook(image, sign(image)).statusCode()).isEqualTo(200);
    assertThat(graph.next().text()).contains("Please send a text message");
    assertThat(say("919700000008", "3")).contains("First link your account");
  }

  @Test
  void theRegisteredMobileLinksItsAccountAndSeesBalanceAndLastRecharge() throws Exception {
    String phone = "919811100001";
    assertThat(say(phone, "1")).contains("account ID");
    assertThat(say(phone, "w-1")).contains("Account W-1 is now linked");
    assertThat(say(phone, "3"))
        .contains("Account W-1: prepaid balance ₹250.00")
        .doesNotContain("Arrears");
    // arrears carried over from postpaid are owed apart from the balance: the consumer is told
    hes.prepaid().arrears().set(new ArrearsPlan("W-1", 120_000, new BigDecimal("20"), null));
    assertThat(say(phone, "3")).contains("prepaid balance ₹250.00", "Arrears still due: ₹1,200.00");
    String recharge = say(phone, "2");
    String receipt =
        hes.api()
            .rows()
            .one("select receipt_number from payments where gateway_reference = 'UTR-W1'")
            .orElseThrow()
            .get("receiptNumber")
            .toString();
    // WESTCO has configured no payment page: no link is offered rather than a placeholder
    assertThat(recharge).contains("₹250.00", receipt).doesNotContain("http", "Recharge:");
  }

  @Test
  void anotherMobileLinksAnAccountOnlyWithTheCodeSentToTheRegisteredOne() throws Exception {
    String phone = "919700000007";
    say(phone, "1");
    assertThat(say(phone, "W-3")).contains("6-digit code", "*********0003");
    assertThat(say(phone, "000000 "))
        .satisfiesAnyOf(
            r -> assertThat(r).contains("does not match"),
            r -> assertThat(r).contains("now linked"));
    if (!hes.selfcare().linking().linkedAccounts("wa:" + phone).contains("W-3")) {
      say(phone, "1");
      say(phone, "W-3");
      // the code as the registered mobile received it (the outbox holds it sealed)
      long id =
          ((Number)
                  hes.api()
                      .rows()
                      .one(
                          "select id from notification_outbox where account_id = 'W-3' and kind = 'otp' "
                              + "and channel = 'webhook' order by id desc limit 1")
                      .orElseThrow()
                      .get("id"))
              .longValue();
      assertThat(say(phone, registeredMobile.codeIn(id))).contains("Account W-3 is now linked");
    }
    assertThat(hes.selfcare().linking().linkedAccounts("wa:" + phone)).contains("W-3");
    assertThat(say(phone, "3")).contains("Account W-3");
    // the codes the consumer typed are kept redacted in the conversation log
    assertThat(
            queryLong(
                "select count(*) from chat_messages where phone = '"
                    + phone
                    + "' and direction = 'in' and body ~ '\\d{6}'"))
        .isZero();
    assertThat(
            queryLong(
                "select count(*) from chat_messages where phone = '"
                    + phone
                    + "' and body = '******'"))
        .isPositive();
  }

  @Test
  void aComplaintIsRegisteredFromTheMenuAndTrackedByItsNumber() throws Exception {
    String phone = "919811100002";
    say(phone, "नमस्ते");
    say(phone, "1");
    assertThat(say(phone, "W-2")).contains("W-2");
    assertThat(say(phone, "4")).contains("1 बिजली नहीं आ रही", "2 मीटर खराब");
    String registered = say(phone, "2");
    Matcher m = Pattern.compile("(WESTCO-C\\d{8})").matcher(registered);
    assertThat(m.find()).as(registered).isTrue();
    assertThat(hes.selfcare().complaints().find(m.group(1)).orElseThrow().get("category"))
        .isEqualTo("faulty_meter");
    assertThat(say(phone, "5")).contains("WESTCO-C00000001");
    assertThat(say(phone, m.group(1).toLowerCase())).contains(m.group(1), "faulty_meter", "open");
    say(phone, "5");
    assertThat(say(phone, "WESTCO-C99999999")).contains("नहीं मिली");
  }

  @Test
  void webhooksWithoutAValidSignatureAreRefusedAndRedeliveriesAnsweredOnce() throws Exception {
    String json = message("919700000016", "wamid.dup.1", "text", "Hi");
    assertThat(webhook(json, null).statusCode()).isEqualTo(401);
    assertThat(webhook(json, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(401);
    assertThat(webhook(json, sign(json + " ")).statusCode()).isEqualTo(401);
    assertThat(webhook(json, sign(json)).statusCode()).isEqualTo(200);
    assertThat(webhook(json, sign(json)).statusCode()).isEqualTo(200);
    assertThat(graph.next().text()).contains("1 Link account");
    // the redelivery must never produce a second reply: nothing more arrives for a while
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(graph::nothingMore);
    assertThat(
            queryLong(
                "select count(*) from chat_messages where phone = '919700000016' and direction = 'out'"))
        .isEqualTo(1);

    HttpResponse<String> check =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + hes.httpPort()
                            + "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(check.statusCode()).isEqualTo(200);
    assertThat(check.body()).isEqualTo("1158201444");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + hes.httpPort()
                                    + "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1"))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(403);
  }
}
