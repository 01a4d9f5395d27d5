package org.urja.headend.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * A list longer than a page says so: the dashboard's lists carry the total, and the page shows
 * "1–20 of 25" and pages on to "21–25 of 25" instead of silently stopping at 20 rows.
 */
class DashboardPagesLongListsTest extends PostgresTestSupport {
  static final int ACCOUNTS = 25;
  HeadEnd hes;
  String key;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    var p = hes.prepaid();
    p.utilities().register("PAGECO", "Page Discom", UtilitySettings.defaults());
    p.tariffs()
        .save(
            new Tariff(
                "PAGECO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("5"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    for (int i = 1; i <= ACCOUNTS; i++) {
      // prepaid with nothing paid yet: every one of them is low on credit
      p.accounts()
          .open(
              new Account(
                  String.format("PG-%02d", i),
                  "PAGECO",
                  "Consumer " + i,
                  "+9198000001" + String.format("%02d", i),
                  "en",
                  PaymentMode.PREPAID,
                  "LMV-1",
                  new BigDecimal("1"),
                  Instant.parse("2020-01-01T00:00:00Z")),
              String.format("PGM-%02d", i));
    }
    key = hes.api().keys().create("page ops", Role.OPERATOR, "PAGECO", "test").secret();
  }

  @AfterAll
  void stop() {
    if (hes != null) {
      hes.close();
    }
  }

  @Test
  void aDashboardListSaysHowManyThereAreInAllAndPagesThroughThem() throws Exception {
    ApiClient api = new ApiClient(hes.httpPort());
    var first = api.get(key, "/api/dashboard/accounts?state=low_credit&limit=20").json();
    assertThat(first.get("items")).hasSize(20);
    assertThat(first.get("total").asLong()).isEqualTo(ACCOUNTS);
    assertThat(first.get("nextOffset").asInt()).isEqualTo(20);
    var commands = api.get(key, "/api/dashboard/commands?state=pending").json();
    assertThat(commands.get("total").asLong()).isZero();

    if (!HeadlessChromium.available()) {
      return; // the API's half is proven; the page's half needs /usr/bin/chromium
    }
    try (HeadlessChromium browser = new HeadlessChromium()) {
      browser.navigate("http://127.0.0.1:" + hes.httpPort() + "/dashboard#key=" + key);
      String pager = "document.querySelector('#low-credit-table-pager span').textContent";
      await()
          .atMost(HeadlessChromium.timeout())
          .until(() -> browser.eval(pager).equals("1–20 of 25"));
      assertThat(
              browser.eval(
                  "String(document.querySelectorAll('#low-credit-table tbody tr').length)"))
          .isEqualTo("20");

      browser.eval("document.querySelector('#low-credit-table-pager .next').click(); true");
      await()
          .atMost(HeadlessChromium.timeout())
          .until(() -> browser.eval(pager).equals("21–25 of 25"));
      assertThat(
              browser.eval(
                  "String(document.querySelectorAll('#low-credit-table tbody tr').length)"))
          .isEqualTo("5");
      assertThat(
              browser.eval(
                  "String(document.querySelector('#low-credit-table-pager .next').disabled)"))
          .isEqualTo("true");
    }
  }
}
