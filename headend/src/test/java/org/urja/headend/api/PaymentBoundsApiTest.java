package org.urja.headend.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient.Answer;
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
 * Issue 7: payments a gateway (or a forger) may send that must never move money — each is a 4xx
 * naming the field, and nothing reaches the journal — while an ordinary recharge still goes
 * through.
 */
class PaymentBoundsApiTest extends PostgresTestSupport {
  static final String GATEWAY_TOKEN = "bounds-gateway-token";
  static final String OPERATOR_TOKEN = "bounds-operator-token";
  HeadEnd hes;
  ApiClient api;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("http.bind", "127.0.0.1")
            .with("api.gateway.tokens", GATEWAY_TOKEN)
            .with("api.operator.tokens", OPERATOR_TOKEN);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    var p = hes.prepaid();
    p.utilities().register("EASTCO", "EASTCO", UtilitySettings.defaults());
    p.utilities()
        .register("HUGECO", "HUGECO", UtilitySettings.defaults().withMaxPayment(Long.MAX_VALUE));
    for (String u : List.of("EASTCO", "HUGECO")) {
      p.tariffs()
          .save(
              new Tariff(
                  u,
                  "LMV-1",
                  LocalDate.parse("2020-01-01"),
                  List.of(new Slab(null, new BigDecimal("500"))),
                  BigDecimal.ZERO,
                  BigDecimal.ZERO,
                  List.of(),
                  Rebate.none()));
    }
    p.accounts()
        .open(
            new Account(
                "E-1",
                "EASTCO",
                "Asha",
                "+919800000011",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                BigDecimal.ONE,
                Instant.parse("2020-01-01T00:00:00Z")),
            "EM-1");
    p.accounts()
        .open(
            new Account(
                "H-1",
                "HUGECO",
                "Ravi",
                "+919800000012",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                BigDecimal.ONE,
                Instant.parse("2020-01-01T00:00:00Z")),
            "HM-1");
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  private Answer pay(String account, String amount, String reference, String extra)
      throws Exception {
    return api.post(
        GATEWAY_TOKEN,
        "/api/payments",
        "{\"accountId\":\""
            + account
            + "\",\"amountPaise\":"
            + amount
            + ",\"gatewayReference\":\""
            + reference
            + "\",\"channel\":\"UPI\""
            + extra
            + "}");
  }

  private long journalled(String account) {
    return queryLong("select count(*) from ledger_entries where account_id = '" + account + "'");
  }

  @Test
  void thousandCroreRupeesIsOverTheUtilityMaximumAndNothingIsJournalled() throws Exception {
    Answer a = pay("E-1", "1000000000000", "UTR-CRORE", "");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.code()).isEqualTo("amount_over_limit");
    assertThat(a.json().path("field").asText()).isEqualTo("amountPaise");
    assertThat(api.get(GATEWAY_TOKEN, "/api/payments/UTR-CRORE").status()).isEqualTo(404);
  }

  @Test
  void theLargestLongOfPaiseIsRefusedAndLaterRechargesStillWork() throws Exception {
    long before = journalled("E-1");
    Answer a = pay("E-1", String.valueOf(Long.MAX_VALUE), "UTR-MAXLONG", "");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.code()).isEqualTo("amount_over_limit");
    assertThat(journalled("E-1")).isEqualTo(before);
    Answer next = pay("E-1", "50000", "UTR-AFTER-MAXLONG", "");
    assertThat(next.status()).isEqualTo(201);
    assertThat(next.json().path("amountPaise").asLong()).isEqualTo(50_000);
  }

  @Test
  void aPaymentReceivedIn2099IsRefused() throws Exception {
    Answer a = pay("E-1", "10000", "UTR-2099", ",\"receivedAt\":\"2099-01-01T00:00:00Z\"");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.code()).isEqualTo("received_in_future");
    assertThat(a.json().path("field").asText()).isEqualTo("receivedAt");
    assertThat(queryLong("select count(*) from payments where gateway_reference = 'UTR-2099'"))
        .isZero();
    assertThat(queryLong("select count(*) from ledger_entries where reference = 'UTR-2099'"))
        .isZero();
  }

  @Test
  void aSixtyThousandCharacterReferenceIsRefused() throws Exception {
    long before = journalled("E-1");
    Answer a = pay("E-1", "10000", "R".repeat(60_000), "");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("invalid_reference");
    assertThat(a.json().path("field").asText()).isEqualTo("gatewayReference");
    assertThat(journalled("E-1")).isEqualTo(before);
    assertThat(queryLong("select count(*) from payments where char_length(gateway_reference) > 64"))
        .isZero();
  }

  @Test
  void aReferenceOutsideTheSafeCharactersIsRefused() throws Exception {
    Answer a = pay("E-1", "10000", "UTR'; drop table payments; --", "");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("invalid_reference");
  }

  @Test
  void zeroAndNegativeAmountsAreRefused() throws Exception {
    assertThat(pay("E-1", "0", "UTR-ZERO", "").json().path("field").asText())
        .isEqualTo("amountPaise");
    assertThat(pay("E-1", "-500", "UTR-NEG", "").status()).isEqualTo(400);
  }

  @Test
  void anOrdinaryRechargeWithinTheClockToleranceIsCredited() throws Exception {
    Answer a =
        pay(
            "E-1",
            "25000",
            "UTR-ORDINARY",
            ",\"receivedAt\":\"" + Instant.now().plusSeconds(60) + "\"");
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.json().path("receiptNumber").asText())
        .startsWith("RCPT-" + LocalDate.now().getYear());
    assertThat(pay("E-1", "25000", "UTR-ORDINARY", "").status()).isEqualTo(200);
  }

  @Test
  void theMaximumIsAUtilitySettingOperatorsChange() throws Exception {
    Answer put =
        api.put(
            OPERATOR_TOKEN,
            "/api/utilities/EASTCO",
            "{\"name\":\"EASTCO\",\"settings\":{\"maxPaymentPaise\":100000}}");
    assertThat(put.status()).isEqualTo(200);
    try {
      assertThat(pay("E-1", "150000", "UTR-OVER-SMALL-MAX", "").code())
          .isEqualTo("amount_over_limit");
      assertThat(pay("E-1", "100000", "UTR-AT-SMALL-MAX", "").status()).isEqualTo(201);
    } finally {
      api.put(OPERATOR_TOKEN, "/api/utilities/EASTCO", "{\"name\":\"EASTCO\",\"settings\":{}}");
    }
  }

  @Test
  void aCreditThatWouldOverflowTheBalanceIsA422AndNotA500() throws Exception {
    assertThat(pay("H-1", String.valueOf(Long.MAX_VALUE), "UTR-HUGE-1", "").status())
        .isEqualTo(201);
    long before = journalled("H-1");
    Answer a = pay("H-1", "100", "UTR-HUGE-2", "");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.code()).isEqualTo("balance_out_of_range");
    assertThat(journalled("H-1")).isEqualTo(before);
  }
}
