package org.urja.headend.selfcare;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.api.auth.Role;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilityContact;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

/**
 * UPAY-style self-care through the API: a consumer registers a mobile number by OTP once and sees
 * every connection registered with it in two utilities, links a third by consumer number with the
 * code sent to that connection's own mobile, reads each utility's contact details, and gets the
 * utility's payment page filled in for an account.
 */
class MobileRegistrationTest extends PostgresTestSupport {
  static final String TEMPLATE =
      "https://pay.example.com/{utility}/{consumerNumber}?amount={amountPaise}";
  HeadEnd hes;
  ConsumerPhone phone;
  ApiClient api;
  String app;
  String operator;

  @BeforeAll
  void start() throws Exception {
    phone = new ConsumerPhone();
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("notify.webhook.url", phone.url())
            .with("notify.webhook.secret", "sms-gateway-secret")
            .with("selfcare.contact", "Helpline 1800-000-000");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    var p = hes.prepaid();
    p.utilities()
        .register(
            "NORTHCO",
            "North Discom",
            UtilitySettings.defaults()
                .withContact(
                    new UtilityContact(
                        "1912",
                        null,
                        "care@north.example",
                        "https://north.example",
                        "Mon-Sat 10:00-17:00"))
                .withPaymentLinkTemplate(TEMPLATE));
    p.utilities().register("SOUTHCO", "South Discom", UtilitySettings.defaults());
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
    // one mobile, written two ways by two utilities; a third connection on another mobile
    open("N-1", "NORTHCO", "+91 98222 00001");
    open("S-1", "SOUTHCO", "09822200001");
    open("S-2", "SOUTHCO", "+919822200002");
    open("N-5", "NORTHCO", "9822200005");
    open("N 7&B", "NORTHCO", "9822200007");
    // a connection with a daily fixed charge, to run into debt
    p.tariffs()
        .save(
            new Tariff(
                "NORTHCO",
                "LMV-FIX",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("500"))),
                new BigDecimal("1000"),
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    open("N-8", "NORTHCO", "9822200008", "LMV-FIX");
    app = hes.api().keys().create("upay app", Role.CONSUMER_CHANNEL, "NORTHCO", "test").secret();
    operator = hes.api().keys().create("north ops", Role.OPERATOR, "NORTHCO", "test").secret();
  }

  void open(String account, String utility, String mobile) {
    open(account, utility, mobile, "LMV-1");
  }

  void open(String account, String utility, String mobile, String tariff) {
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
                tariff,
                BigDecimal.ONE,
                Instant.parse("2020-01-01T00:00:00Z")),
            "MT-" + account.replaceAll("\\W", ""));
  }

  @AfterAll
  void stop() {
    hes.close();
    phone.close();
  }

  /** The latest code for {@code account}'s registered mobile, as that phone received it. */
  String lastOtp(String account) {
    return phone.codeIn(lastOtpRow(account));
  }

  long lastOtpRow(String account) {
    return queryLong(
        "select max(id) from notification_outbox where account_id = '"
            + account
            + "' and kind = 'otp' and channel = 'webhook'");
  }

  static String other(String code) {
    return code.equals("000000") ? "111111" : "000000";
  }

  double refused(String reason) {
    var c = hes.registry().find("urja.selfcare.otp.refused").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  Answer registerMobile(String user, String mobile) throws Exception {
    assertThat(
            api.postAs(app, user, "/api/selfcare/mobile", "{\"mobile\":\"" + mobile + "\"}")
                .status())
        .isEqualTo(202);
    return api.postAs(
        app,
        user,
        "/api/selfcare/mobile/verify",
        "{\"mobile\":\"" + mobile + "\",\"otp\":\"" + lastOtp("N-1") + "\"}");
  }

  @Test
  void aMobileRegisteredByOtpSeesBothOfItsConnectionsInTwoUtilities() throws Exception {
    String user = "asha";
    assertThat(api.getAs(app, user, "/api/selfcare/connections").json().get("connections"))
        .isEmpty();
    assertThat(
            api.postAs(app, user, "/api/selfcare/mobile", "{\"mobile\":\"call me\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("mobile");
    // no utility registered this number: the answer does not say so, and nothing is sent to it
    long outboxBefore = queryLong("select count(*) from notification_outbox");
    Answer unregistered =
        api.postAs(app, user, "/api/selfcare/mobile", "{\"mobile\":\"9822200099\"}");
    assertThat(unregistered.status()).isEqualTo(202);
    assertThat(unregistered.json().get("sentTo").asText()).isEqualTo("******0099");
    assertThat(queryLong("select count(*) from notification_outbox")).isEqualTo(outboxBefore);

    Answer challenge =
        api.postAs(app, user, "/api/selfcare/mobile", "{\"mobile\":\"+91 98222-00001\"}");
    assertThat(challenge.status()).isEqualTo(202);
    assertThat(challenge.json().get("sentTo").asText()).isEqualTo("******0001");
    long row = lastOtpRow("N-1");
    String code = phone.codeIn(row);
    // queued on both channels for the number as the first utility registered it, the code sealed
    assertThat(
            queryLong(
                "select count(*) from notification_outbox where dedup_key = (select dedup_key from "
                    + "notification_outbox where id = "
                    + row
                    + ") and recipient = '+91 98222 00001' and body like '%******%' and body not like '%"
                    + code
                    + "%'"))
        .isEqualTo(2);

    double wrongBefore = refused("wrong");
    Answer bad =
        api.postAs(
            app,
            user,
            "/api/selfcare/mobile/verify",
            "{\"mobile\":\"9822200001\",\"otp\":\"" + other(code) + "\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(refused("wrong")).isEqualTo(wrongBefore + 1);
    assertThat(api.getAs(app, user, "/api/accounts/S-1").code()).isEqualTo("account_not_linked");

    Answer verified =
        api.postAs(
            app,
            user,
            "/api/selfcare/mobile/verify",
            "{\"mobile\":\"09822200001\",\"otp\":\"" + code + "\"}");
    assertThat(verified.status()).isEqualTo(201);
    assertThat(verified.json().get("connections"))
        .extracting(n -> n.get("accountId").asText() + "@" + n.get("utilityName").asText())
        .containsExactlyInAnyOrder("N-1@North Discom", "S-1@South Discom");
    assertThat(verified.json().get("connections"))
        .allSatisfy(n -> assertThat(n.get("via").asText()).isEqualTo("mobile"));
    assertThat(api.getAs(app, user, "/api/accounts/S-1").status()).isEqualTo(200);
    assertThat(api.getAs(app, user, "/api/accounts/N-1").status()).isEqualTo(200);
    assertThat(api.getAs(app, user, "/api/accounts/S-2").code()).isEqualTo("account_not_linked");
    Answer seen = api.getAs(app, user, "/api/selfcare/connections");
    assertThat(seen.json().get("mobiles"))
        .extracting(n -> n.asText())
        .containsExactly("******0001");
    assertThat(seen.json().get("connections")).hasSize(2);
    // another user of the same app key sees nothing of it
    assertThat(api.getAs(app, "ravi", "/api/selfcare/connections").json().get("connections"))
        .isEmpty();
  }

  @Test
  void linkingAThirdConnectionByConsumerNumberNeedsTheCodeOfThatConnectionsMobile()
      throws Exception {
    String user = "meera";
    assertThat(registerMobile(user, "9822200001").status()).isEqualTo(201);

    Answer challenge = api.postAs(app, user, "/api/selfcare/links", "{\"accountId\":\"S-2\"}");
    assertThat(challenge.status()).isEqualTo(202);
    assertThat(challenge.json().get("sentTo").asText()).isEqualTo("*********0002");
    assertThat(
            queryLong(
                "select count(*) from notification_outbox where kind = 'otp' and account_id = 'S-2' "
                    + "and recipient = '+919822200002'"))
        .isPositive();
    String code = lastOtp("S-2");
    double wrongBefore = refused("wrong");
    Answer wrong =
        api.postAs(
            app,
            user,
            "/api/selfcare/links/verify",
            "{\"accountId\":\"S-2\",\"otp\":\"" + other(code) + "\"}");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("field").asText()).isEqualTo("otp");
    assertThat(refused("wrong")).isEqualTo(wrongBefore + 1);
    assertThat(
            queryLong(
                "select attempts from consumer_otps where account_id = 'S-2' order by id desc limit 1"))
        .isEqualTo(1);
    assertThat(api.getAs(app, user, "/api/accounts/S-2").code()).isEqualTo("account_not_linked");

    assertThat(
            api.postAs(
                    app,
                    user,
                    "/api/selfcare/links/verify",
                    "{\"accountId\":\"S-2\",\"otp\":\"" + code + "\"}")
                .status())
        .isEqualTo(201);
    assertThat(api.getAs(app, user, "/api/selfcare/connections").json().get("connections"))
        .extracting(n -> n.get("accountId").asText() + ":" + n.get("via").asText())
        .containsExactlyInAnyOrder("N-1:mobile", "S-1:mobile", "S-2:otp");
    assertThat(api.getAs(app, user, "/api/accounts/S-2").status()).isEqualTo(200);
  }

  @Test
  void aConnectionWhoseRegisteredNumberChangesLeavesTheMobilesList() throws Exception {
    String user = "kiran";
    assertThat(
            api.postAs(app, user, "/api/selfcare/mobile", "{\"mobile\":\"9822200005\"}").status())
        .isEqualTo(202);
    assertThat(
            api.postAs(
                    app,
                    user,
                    "/api/selfcare/mobile/verify",
                    "{\"mobile\":\"9822200005\",\"otp\":\"" + lastOtp("N-5") + "\"}")
                .json()
                .get("connections"))
        .extracting(n -> n.get("accountId").asText())
        .containsExactly("N-5");
    execute("update ledger_accounts set phone = '+919822200055' where account_id = 'N-5'");
    assertThat(api.getAs(app, user, "/api/selfcare/connections").json().get("connections"))
        .isEmpty();
    assertThat(api.getAs(app, user, "/api/accounts/N-5").code()).isEqualTo("account_not_linked");
  }

  @Test
  void eachUtilityAnswersWithItsOwnContactAndOneThatPublishedNoneWithTheNodesHelpline()
      throws Exception {
    Answer north = api.get(app, "/api/selfcare/utilities/NORTHCO/contact");
    assertThat(north.status()).isEqualTo(200);
    assertThat(north.json().get("name").asText()).isEqualTo("North Discom");
    assertThat(north.json().get("helpline").asText()).isEqualTo("1912");
    assertThat(north.json().get("email").asText()).isEqualTo("care@north.example");
    assertThat(north.json().get("website").asText()).isEqualTo("https://north.example");
    assertThat(north.json().get("officeHours").asText()).isEqualTo("Mon-Sat 10:00-17:00");
    Answer south = api.get(operator, "/api/selfcare/utilities/SOUTHCO/contact");
    assertThat(south.json().get("helpline").asText()).isEqualTo("Helpline 1800-000-000");
    assertThat(south.json().get("email").isNull()).isTrue();
    assertThat(api.get(app, "/api/selfcare/utilities/NOWHERE/contact").code())
        .isEqualTo("utility_not_found");
  }

  @Test
  void theRechargeLinkIsTheUtilitysTemplateFilledInEncodedAndAbsentWhenUnconfigured()
      throws Exception {
    Answer link = api.get(operator, "/api/selfcare/accounts/N%207%26B/recharge-link");
    assertThat(link.status()).isEqualTo(200);
    assertThat(link.json().get("url").asText())
        .isEqualTo("https://pay.example.com/NORTHCO/N%207%26B?amount=");
    assertThat(
            api.get(operator, "/api/selfcare/accounts/N%207%26B/recharge-link?amountPaise=25000")
                .json()
                .get("url")
                .asText())
        .isEqualTo("https://pay.example.com/NORTHCO/N%207%26B?amount=25000");
    // no amount asked for: what brings a balance below zero back (NORTHCO's reconnection minimum 0)
    hes.prepaid().fixedCharges().accrue(LocalDate.parse("2026-11-01"));
    long owed = -queryLong("select balance_paise from balances where account_id = 'N-8'");
    assertThat(owed).isPositive();
    Answer debt = api.get(operator, "/api/selfcare/accounts/N-8/recharge-link");
    assertThat(debt.json().get("url").asText())
        .isEqualTo("https://pay.example.com/NORTHCO/N-8?amount=" + owed);
    assertThat(debt.json().get("amountPaise").asLong()).isEqualTo(owed);
    assertThat(
            api.get(operator, "/api/selfcare/accounts/N-1/recharge-link?amountPaise=-5")
                .json()
                .get("field")
                .asText())
        .isEqualTo("amountPaise");
    // SOUTHCO has no payment page and the node none either: no link, never a placeholder
    String south = hes.api().keys().create("south ops", Role.OPERATOR, "SOUTHCO", "t").secret();
    assertThat(api.get(south, "/api/selfcare/accounts/S-1/recharge-link").code())
        .isEqualTo("no_payment_link");
    // a template with a placeholder the head-end does not know is refused when saved
    Answer refused =
        api.put(
            operator,
            "/api/utilities/NORTHCO",
            "{\"name\":\"North Discom\",\"settings\":{\"paymentLinkTemplate\":\"https://pay.example.com/{acount}\"}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText()).contains("{acount}");
    assertThat(hes.prepaid().utilities().settings("NORTHCO").paymentLinkTemplate())
        .isEqualTo(TEMPLATE);
  }
}
