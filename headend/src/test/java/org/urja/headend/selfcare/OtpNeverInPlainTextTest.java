package org.urja.headend.selfcare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.ApiClient;
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
 * Issue 7: an OTP is never stored or shown in plain text — not in {@code notification_outbox}, not
 * in {@code GET /api/notifications}, not in the log — and the consumer still receives it.
 */
class OtpNeverInPlainTextTest extends PostgresTestSupport {
  HeadEnd hes;
  ApiClient api;
  ConsumerPhone phone;
  String app;
  String operator;
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeAll
  void start() throws Exception {
    logged.start();
    root.addAppender(logged);
    phone = new ConsumerPhone();
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("http.bind", "127.0.0.1")
            .with("notify.webhook.url", phone.url())
            .with("notify.webhook.secret", "sms-gateway-secret");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
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
    for (String[] a : new String[][] {{"W-1", "en"}, {"W-2", "hi"}}) {
      p.accounts()
          .open(
              new Account(
                  a[0],
                  "WESTCO",
                  "Consumer " + a[0],
                  "+9198000001" + a[0].substring(2) + "0",
                  a[1],
                  PaymentMode.PREPAID,
                  "LMV-1",
                  BigDecimal.ONE,
                  Instant.parse("2020-01-01T00:00:00Z")),
              "WM-" + a[0]);
    }
    app = hes.api().keys().create("app", Role.CONSUMER_CHANNEL, "WESTCO", "test").secret();
    operator = hes.api().keys().create("west ops", Role.OPERATOR, "WESTCO", "test").secret();
  }

  @AfterAll
  void stop() {
    hes.close();
    phone.close();
    root.detachAppender(logged);
  }

  @Test
  void theCodeIsNowhereInTheOutboxTheApiOrTheLogYetTheConsumerReceivesIt() throws Exception {
    for (String account : List.of("W-1", "W-2")) {
      assertThat(
              api.post(app, "/api/selfcare/links", "{\"accountId\":\"" + account + "\"}").status())
          .isEqualTo(202);
      long webhookRow =
          queryLong(
              "select id from notification_outbox where account_id = '"
                  + account
                  + "' and kind = 'otp' and channel = 'webhook'");
      String code = phone.codeIn(webhookRow);
      // both channels' rows done: the sealed secret is erased with delivery
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  queryLong(
                          "select count(*) from notification_outbox "
                              + "where account_id = '"
                              + account
                              + "' and kind = 'otp' and status = 'delivered'")
                      == 2);

      List<Map<String, Object>> rows =
          hes.api()
              .rows()
              .list(
                  "select body, payload::text as payload, sealed_secret, "
                      + "last_error, recipient, dedup_key from notification_outbox where account_id = ?",
                  account);
      assertThat(rows)
          .hasSize(2)
          .allSatisfy(
              r -> {
                assertThat(r.toString()).doesNotContain(code);
                assertThat((String) r.get("body")).contains("******");
                assertThat(r.get("sealedSecret")).isNull();
              });
      String listed =
          api.get(operator, "/api/notifications?accountId=" + account).json().toString();
      assertThat(listed).contains("******").doesNotContain(code);
      assertThat(logged.list)
          .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("kind=otp"));
      assertThat(logged.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(code));

      assertThat(
              api.post(
                      app,
                      "/api/selfcare/links/verify",
                      "{\"accountId\":\"" + account + "\",\"otp\":\"" + code + "\"}")
                  .status())
          .isEqualTo(201);
    }
  }

  @Test
  void aCodeNotDeliveredBeforeItExpiresIsDeadAsExpiredNotSentLate() throws Exception {
    long before = queryLong("select count(*) from notification_outbox where status = 'dead'");
    execute(
        "insert into notification_outbox (account_id, utility_id, kind, language, channel, recipient, dedup_key, "
            + "body, payload, sealed_secret, expires_at) values ('W-1', 'WESTCO', 'otp', 'en', 'webhook', '+919800000110', "
            + "'otp:expired-test', 'code ******', '{\"text\":\"code ******\"}', 'c2VhbGVk', now() - interval '1 minute')");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                queryLong("select count(*) from notification_outbox where status = 'dead'")
                    == before + 1);
    assertThat(
            hes.api()
                .rows()
                .one(
                    "select last_error, sealed_secret from notification_outbox "
                        + "where dedup_key = 'otp:expired-test'")
                .orElseThrow())
        .satisfies(
            r -> {
              assertThat((String) r.get("lastError")).startsWith("expired at");
              assertThat(r.get("sealedSecret")).isNull();
            });
  }
}
