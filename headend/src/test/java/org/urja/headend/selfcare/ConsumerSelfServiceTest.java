package org.urja.headend.selfcare;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
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
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

/**
 * A consumer links an account by OTP, registers and tracks complaints, and is shown a feeder
 * outage.
 */
class ConsumerSelfServiceTest extends PostgresTestSupport {
  HeadEnd hes;
  ConsumerPhone phone;
  ApiClient api;
  String app;
  String otherApp;
  String operator;

  @BeforeAll
  void start() throws Exception {
    phone = new ConsumerPhone();
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("notify.webhook.url", phone.url())
            .with("notify.webhook.secret", "sms-gateway-secret");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    var p = hes.prepaid();
    p.utilities()
        .register(
            "EASTCO",
            "East Discom",
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
                "EASTCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("500"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    for (int i = 1; i <= 5; i++) {
      p.accounts()
          .open(
              new Account(
                  "E-" + i,
                  "EASTCO",
                  "Consumer " + i,
                  "+91980000000" + i,
                  i == 2 ? "hi" : "en",
                  PaymentMode.PREPAID,
                  "LMV-1",
                  BigDecimal.ONE,
                  Instant.parse("2020-01-01T00:00:00Z")),
              "EM-" + i);
      hes.directory().register("EM-" + i, "EASTCO", "default");
    }
    app =
        hes.api().keys().create("app session 1", Role.CONSUMER_CHANNEL, "EASTCO", "test").secret();
    otherApp =
        hes.api().keys().create("app session 2", Role.CONSUMER_CHANNEL, "EASTCO", "test").secret();
    operator = hes.api().keys().create("east ops", Role.OPERATOR, "EASTCO", "test").secret();
  }

  @AfterAll
  void stop() {
    hes.close();
    phone.close();
  }

  /** The latest code as the consumer's phone received it (the outbox holds it sealed). */
  String lastOtp(String account) {
    long id =
        ((Number)
                hes.api()
                    .rows()
                    .one(
                        "select id from notification_outbox where account_id = ? and kind = 'otp' "
                            + "and channel = 'webhook' order by id desc limit 1",
                        account)
                    .orElseThrow()
                    .get("id"))
            .longValue();
    return phone.codeIn(id);
  }

  @Test
  void anAccountIsLinkedOnlyWithTheCodeSentToItsRegisteredMobile() throws Exception {
    assertThat(api.get(app, "/api/accounts/E-1").code()).isEqualTo("account_not_linked");
    Answer challenge = api.post(app, "/api/selfcare/links", "{\"accountId\":\"E-1\"}");
    assertThat(challenge.status()).isEqualTo(202);
    assertThat(challenge.json().get("sentTo").asText()).isEqualTo("*********0001");
    assertThat(
            queryLong(
                "select count(*) from notification_outbox where account_id = 'E-1' and kind = 'otp' "
                    + "and recipient = '+919800000001' and channel = 'log'"))
        .isEqualTo(1);
    String code = lastOtp("E-1");
    assertThat(
            queryLong("select count(*) from consumer_otps where code_hash like '%" + code + "%'"))
        .isZero();

    String wrong = code.equals("000000") ? "111111" : "000000";
    Answer bad =
        api.post(
            app, "/api/selfcare/links/verify", "{\"accountId\":\"E-1\",\"otp\":\"" + wrong + "\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("otp");
    // another consumer cannot use the code sent for this one
    assertThat(
            api.post(
                    otherApp,
                    "/api/selfcare/links/verify",
                    "{\"accountId\":\"E-1\",\"otp\":\"" + code + "\"}")
                .code())
        .isEqualTo("otp_not_requested");

    assertThat(
            api.post(
                    app,
                    "/api/selfcare/links/verify",
                    "{\"accountId\":\"E-1\",\"otp\":\"" + code + "\"}")
                .status())
        .isEqualTo(201);
    assertThat(api.get(app, "/api/accounts/E-1").status()).isEqualTo(200);
    assertThat(api.get(app, "/api/selfcare/links").json().get("accounts"))
        .extracting(n -> n.asText())
        .contains("E-1");
    assertThat(api.get(otherApp, "/api/accounts/E-1").status()).isEqualTo(403);
    // a used code cannot link again
    assertThat(
            api.post(
                    app,
                    "/api/selfcare/links/verify",
                    "{\"accountId\":\"E-1\",\"otp\":\"" + code + "\"}")
                .code())
        .isEqualTo("otp_not_requested");
    // no payment page configured for EASTCO or the node: no link, never a placeholder
    assertThat(api.get(app, "/api/selfcare/accounts/E-1/recharge-link").code())
        .isEqualTo("no_payment_link");
  }

  @Test
  void oneAppKeyServingManyConsumersKeepsEachConsumersLinksApart() throws Exception {
    String shared =
        hes.api()
            .keys()
            .create("selfcare backend", Role.CONSUMER_CHANNEL, "EASTCO", "test")
            .secret();
    assertThat(
            api.postAs(shared, "user-a", "/api/selfcare/links", "{\"accountId\":\"E-2\"}").status())
        .isEqualTo(202);
    assertThat(
            api.postAs(
                    shared,
                    "user-a",
                    "/api/selfcare/links/verify",
                    "{\"accountId\":\"E-2\",\"otp\":\"" + lastOtp("E-2") + "\"}")
                .status())
        .isEqualTo(201);
    assertThat(api.getAs(shared, "user-a", "/api/accounts/E-2").status()).isEqualTo(200);
    assertThat(api.getAs(shared, "user-b", "/api/accounts/E-2").code())
        .isEqualTo("account_not_linked");
    assertThat(api.get(shared, "/api/accounts/E-2").code()).isEqualTo("account_not_linked");
    assertThat(api.getAs(shared, "bad header!", "/api/accounts/E-2").status()).isEqualTo(400);
  }

  @Test
  void codesAreLimitedPerHourAndLockedAfterFiveWrongTries() throws Exception {
    assertThat(api.post(otherApp, "/api/selfcare/links", "{\"accountId\":\"NOPE\"}").status())
        .isEqualTo(404);
    for (int i = 0; i < 3; i++) {
      assertThat(api.post(otherApp, "/api/selfcare/links", "{\"accountId\":\"E-3\"}").status())
          .isEqualTo(202);
    }
    assertThat(api.post(otherApp, "/api/selfcare/links", "{\"accountId\":\"E-3\"}").code())
        .isEqualTo("otp_rate_limited");
    String code = lastOtp("E-3");
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      api.post(
          otherApp,
          "/api/selfcare/links/verify",
          "{\"accountId\":\"E-3\",\"otp\":\"" + wrong + "\"}");
    }
    assertThat(
            api.post(
                    otherApp,
                    "/api/selfcare/links/verify",
                    "{\"accountId\":\"E-3\",\"otp\":\"" + code + "\"}")
                .code())
        .isEqualTo("otp_locked");
    assertThat(
            api.post(
                    otherApp,
                    "/api/selfcare/links/verify",
                    "{\"accountId\":\"E-3\",\"otp\":\"12ab\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("otp");
  }

  @Test
  void complaintsGetConsecutiveNumbersAndAreTrackedByTheirConsumerOnly() throws Exception {
    hes.selfcare().linking().link(hesSubject("app session 1"), "E-4");
    Answer first =
        api.post(
            app,
            "/api/complaints",
            "{\"accountId\":\"E-4\",\"category\":\"faulty_meter\",\"description\":\"display blank\"}");
    Answer second =
        api.post(
            app, "/api/complaints", "{\"accountId\":\"E-4\",\"category\":\"bill_correction\"}");
    assertThat(first.status()).isEqualTo(201);
    String n1 = first.json().get("complaintNumber").asText();
    String n2 = second.json().get("complaintNumber").asText();
    assertThat(n1).matches("EASTCO-C\\d{8}");
    assertThat(Long.parseLong(n2.substring(8))).isEqualTo(Long.parseLong(n1.substring(8)) + 1);

    assertThat(api.get(app, "/api/complaints/" + n1).json().get("status").asText())
        .isEqualTo("open");
    assertThat(api.get(otherApp, "/api/complaints/" + n1).status()).isEqualTo(403);
    assertThat(api.get(app, "/api/complaints/EASTCO-C99999999").code())
        .isEqualTo("complaint_not_found");
    assertThat(
            api.post(app, "/api/complaints", "{\"accountId\":\"E-4\",\"category\":\"ghosts\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("category");
    assertThat(
            api.post(
                    otherApp,
                    "/api/complaints",
                    "{\"accountId\":\"E-4\",\"category\":\"faulty_meter\"}")
                .status())
        .isEqualTo(403);

    Answer updated =
        api.post(
            operator,
            "/api/complaints/" + n1 + "/status",
            "{\"status\":\"resolved\",\"resolution\":\"meter replaced\"}");
    assertThat(updated.json().get("status").asText()).isEqualTo("resolved");
    assertThat(api.get(app, "/api/complaints?accountId=E-4").json().get("items")).hasSize(2);
    assertThat(
            queryLong(
                "select count(*) from notification_outbox where kind = 'complaint_registered' and account_id = 'E-4' "
                    + "and channel = 'log'"))
        .isEqualTo(2);
  }

  String hesSubject(String keyName) {
    return "key:" + queryLong("select id from api_keys where name = '" + keyName + "'");
  }

  @Test
  void powerFailuresOnOneFeederOpenOneOutageThatConsumersSeeInsteadOfAComplaint() throws Exception {
    for (int i = 1; i <= 5; i++) {
      assertThat(
              api.post(
                      operator,
                      "/api/meters/EM-" + i + "/network",
                      "{\"feeder\":\"F-11KV-7\",\"transformer\":\"DT-" + (i % 2) + "\"}")
                  .status())
          .isEqualTo(200);
    }
    Instant t = Instant.now().minusSeconds(120);
    for (int i = 1; i <= 3; i++) {
      execute(
          "insert into meter_events (meter_id, code, ts) select id, 101, '"
              + t.plusSeconds(i)
              + "' from meters where serial = 'EM-"
              + i
              + "'");
    }
    hes.selfcare().linking().link(hesSubject("app session 2"), "E-5");
    Answer reported =
        api.post(
            otherApp,
            "/api/complaints",
            "{\"accountId\":\"E-5\",\"category\":\"supply_interruption\"}");
    assertThat(reported.status()).isEqualTo(200);
    assertThat(reported.json().get("outage").get("feeder").asText()).isEqualTo("F-11KV-7");
    assertThat(reported.json().get("outage").get("metersAffected").asInt()).isEqualTo(3);
    Answer again =
        api.post(
            otherApp,
            "/api/complaints",
            "{\"accountId\":\"E-5\",\"category\":\"supply_interruption\"}");
    assertThat(again.json().get("outage").get("outageId").asLong())
        .isEqualTo(reported.json().get("outage").get("outageId").asLong());
    assertThat(queryLong("select count(*) from complaints where account_id = 'E-5'")).isZero();
    assertThat(queryLong("select count(*) from outages")).isEqualTo(1);
    assertThat(api.get(operator, "/api/outages?open=true").json().get("items")).hasSize(1);

    for (int i = 1; i <= 3; i++) {
      execute(
          "insert into meter_events (meter_id, code, ts) select id, 102, '"
              + t.plusSeconds(60 + i)
              + "' from meters where serial = 'EM-"
              + i
              + "'");
    }
    hes.selfcare().outages().scan();
    assertThat(api.get(operator, "/api/outages?open=true").json().get("items")).isEmpty();
    Answer afterRestore =
        api.post(
            otherApp,
            "/api/complaints",
            "{\"accountId\":\"E-5\",\"category\":\"supply_interruption\"}");
    assertThat(afterRestore.status()).isEqualTo(201);
  }
}
