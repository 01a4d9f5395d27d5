package org.urja.headend.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.selfcare.ConsumerPhone;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilityContact;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

/**
 * The chatbot's "1 Link account" as the seeds' apps do it, through the signed webhook: the
 * connections on a mobile in two utilities, the one chosen answering 2, 3 and 6, a third linked by
 * consumer number with its own mobile's code, each utility's own contact and payment page.
 */
class ConnectionsOverWhatsAppTest extends PostgresTestSupport {
  final HttpClient http = HttpClient.newHttpClient();
  final AtomicInteger messageIds = new AtomicInteger();
  FakeGraphApi graph;
  ConsumerPhone sms;
  HeadEnd hes;

  @BeforeAll
  void start() throws Exception {
    graph = new FakeGraphApi();
    sms = new ConsumerPhone();
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("notify.webhook.url", sms.url())
            .with("notify.webhook.secret", "sms-gateway-secret")
            .with("chatbot.app.secret", "app-secret")
            .with("chatbot.verify.token", "verify-me")
            .with("chatbot.graph.url", graph.baseUrl())
            .with("chatbot.phone.number.id", "10987654321")
            .with("chatbot.access.token", "graph-token")
            .with("selfcare.contact", "Helpline 1800-000-000");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    var p = hes.prepaid();
    p.utilities()
        .register(
            "NORTHCO",
            "North Discom",
            UtilitySettings.defaults()
                .withContact(
                    new UtilityContact(
                        "1912", null, "care@north.example", null, "Mon-Sat 10:00-17:00"))
                .withPaymentLinkTemplate(
                    "https://pay.example.com/{utility}/{consumerNumber}?amount={amountRupees}"));
    p.utilities()
        .register(
            "SOUTHCO",
            "South Discom",
            UtilitySettings.defaults()
                .withContact(
                    new UtilityContact(
                        "1800-180-0440", "+91 94000 00000", null, "https://south.example", null)));
    for (String utility : List.of("NORTHCO", "SOUTHCO")) {
      p.tariffs()
          .save(
              new Tariff(
                  utility,
                  "LMV-1",
                  LocalDate.parse("2020-01-01"),
                  List.of(new Slab(null, new BigDecimal("500"))),
                  BigDecimal.ZERO,
                  BigDecimal.ZERO,
                  List.of(),
                  Rebate.none()));
    }
    open("N-1", "NORTHCO", "+91 98333 00001");
    open("S-1", "SOUTHCO", "09833300001");
    open("S-2", "SOUTHCO", "+919833300002");
    open("N-9/A&B", "NORTHCO", "+919833300009");
  }

  void open(String account, String utility, String mobile) {
    hes.prepaid()
        .accounts()
        .open(
            new Account(
                account,
                utility,
                "Consumer " + account,
                mobile,
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                BigDecimal.ONE,
                Instant.parse("2020-01-01T00:00:00Z")),
            "WT-" + account.replaceAll("\\W", ""));
  }

  @AfterAll
  void stop() {
    hes.close();
    graph.close();
    sms.close();
  }

  /** Sends {@code text} from {@code phone} through the signed webhook; the reply the bot sent. */
  String say(String phone, String text) throws Exception {
    String json =
        WhatsAppChatbotConversationTest.message(
            phone, "wamid.conn." + messageIds.incrementAndGet(), "text", text);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hes.httpPort() + "/webhooks/whatsapp"))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json")
            .header(
                "X-Hub-Signature-256",
                hes.selfcare().whatsapp().signature(json.getBytes(StandardCharsets.UTF_8)))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    FakeGraphApi.Sent reply = graph.next();
    assertThat(reply.to()).isEqualTo(phone);
    return reply.text();
  }

  String lastOtp(String account) {
    return sms.codeIn(
        queryLong(
            "select max(id) from notification_outbox where account_id = '"
                + account
                + "' and kind = 'otp' and channel = 'webhook'"));
  }

  @Test
  void theSendersNumberListsItsConnectionsInTwoUtilitiesAndTheChosenOneAnswers() throws Exception {
    String phone = "919833300001";
    assertThat(say(phone, "1"))
        .contains(
            "1 N-1 (North Discom, Consumer N-1)",
            "2 S-1 (South Discom, Consumer S-1)",
            "account ID")
        .doesNotContain("S-2");
    assertThat(say(phone, "2")).contains("Account S-1 chosen");
    assertThat(say(phone, "3")).contains("Account S-1: prepaid balance ₹0.00");
    // each utility's own contact, and no payment link where the utility configured none
    assertThat(say(phone, "6"))
        .contains(
            "Contact South Discom:",
            "Helpline: 1800-180-0440",
            "WhatsApp: +91 94000 00000",
            "Website: https://south.example")
        .doesNotContain("1912", "north");
    assertThat(say(phone, "2")).contains("No recharge yet on account S-1.").doesNotContain("http");

    say(phone, "1");
    assertThat(say(phone, "1")).contains("Account N-1 chosen");
    assertThat(say(phone, "6"))
        .contains(
            "Contact North Discom:",
            "Helpline: 1912",
            "Email: care@north.example",
            "Office hours: Mon-Sat 10:00-17:00")
        .doesNotContain("1800-180-0440");
    hes.prepaid().payments().post("N-1", 25_050, "UTR-N1", "UPI", Instant.now());
    assertThat(say(phone, "2"))
        .contains("₹250.50", "Recharge: https://pay.example.com/NORTHCO/N-1?amount=");
  }

  @Test
  void theRechargeLinkIsTheUtilitysTemplateWithTheConsumerNumberEncoded() throws Exception {
    String phone = "919833300009";
    assertThat(say(phone, "1")).contains("1 N-9/A&B (North Discom");
    assertThat(say(phone, "1")).contains("Account N-9/A&B chosen");
    assertThat(say(phone, "2"))
        .endsWith("Recharge: https://pay.example.com/NORTHCO/N-9%2FA%26B?amount=");
  }

  @Test
  void anotherMobileAndAThirdConnectionAreLinkedOnlyWithTheirOwnCodes() throws Exception {
    String phone = "919700000050";
    assertThat(say(phone, "3")).contains("First link your account");
    assertThat(say(phone, "1")).contains("registered mobile number");
    // a registered mobile other than the sender's: a code to that mobile, then its connections
    assertThat(say(phone, "+91 98333 00001")).contains("6-digit code", "******0001");
    String mobileCode = lastOtp("N-1");
    assertThat(say(phone, mobileCode.equals("000000") ? "111111" : "000000"))
        .contains("does not match");
    assertThat(say(phone, mobileCode)).contains("1 N-1 (North Discom", "2 S-1 (South Discom");
    // several connections and none chosen: the bot asks which
    say(phone, "Hi");
    assertThat(say(phone, "3")).contains("Several connections");

    say(phone, "1");
    assertThat(say(phone, "s-2")).contains("6-digit code", "*********0002");
    String code = lastOtp("S-2");
    double before = refusedWrong();
    assertThat(say(phone, code.equals("000000") ? "111111" : "000000")).contains("does not match");
    assertThat(refusedWrong()).isEqualTo(before + 1);
    assertThat(hes.selfcare().linking().linkedAccounts("wa:" + phone)).doesNotContain("S-2");
    // the code sent to the other mobile does not link S-2, its own does
    assertThat(say(phone, mobileCode.equals(code) ? "222222" : mobileCode))
        .contains("does not match");
    assertThat(say(phone, code)).contains("Account S-2 is now linked");
    assertThat(say(phone, "3")).contains("Account S-2");
    assertThat(say(phone, "1")).contains("1 N-1", "2 S-1", "3 S-2");
  }

  double refusedWrong() {
    var c = hes.registry().find("urja.selfcare.otp.refused").tag("reason", "wrong").counter();
    return c == null ? 0 : c.count();
  }
}
