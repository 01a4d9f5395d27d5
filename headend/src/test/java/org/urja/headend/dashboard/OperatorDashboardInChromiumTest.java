package org.urja.headend.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.auth.Role;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * The operator dashboard in headless Chromium against a running head-end and a simulated meter: the
 * page shows live fleet numbers and the account, and a disconnect issued from the page opens the
 * simulated meter's relay. Skipped where {@code /usr/bin/chromium} is absent (see {@code
 * .ci/browser-deps.sh}).
 */
class OperatorDashboardInChromiumTest extends PostgresTestSupport {
  static final String SERIAL = "DSH00000000";
  HeadEnd hes;
  TcpFleet fleet;
  String key;

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(
        HeadlessChromium.available(), "no /usr/bin/chromium: run .ci/browser-deps.sh");
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("relay.poll.every", "PT0.2S")
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    var p = hes.prepaid();
    p.utilities().register("DASHCO", "Dash Discom", UtilitySettings.disconnectingAtOnce());
    p.tariffs()
        .save(
            new Tariff(
                "DASHCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("5"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    p.accounts()
        .open(
            new Account(
                "ACC-D1",
                "DASHCO",
                "Kiran Rao",
                "+919800000077",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            SERIAL);
    p.payments().post("ACC-D1", 5_000_000, "UTR-D1", "UPI", Instant.now());
    key = hes.api().keys().create("control room", Role.OPERATOR, "DASHCO", "test").secret();
    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 96);
    FleetConfig meters =
        new FleetConfig(
            1, 0, "DSH", 5L, simStart, Duration.ofMinutes(15), Duration.ofMillis(150), 0, 4, 100);
    FleetKeys.importFleets(hes.meterKeys(), List.of(meters), null, "test");
    fleet =
        new TcpFleet(
                meters,
                MeterModelCatalog.bundled().defaultModel(),
                "127.0.0.1",
                hes.tcpPort(),
                1,
                StrictMeters.handlers(meters.seed()))
            .pushEncoding(StrictMeters.cipheredPushes(meters.seed()))
            .start();
  }

  @AfterAll
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    if (hes != null) {
      hes.close();
    }
  }

  @Test
  void thePageShowsLiveNumbersAndADisconnectFromItReachesTheMeter() throws Exception {
    SimulatedMeter meter = fleet.meter(SERIAL).orElseThrow();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fleet.onMeter(meter, () -> meter.relay().outputState()));
    try (HeadlessChromium browser = new HeadlessChromium()) {
      browser.navigate(
          "http://127.0.0.1:" + hes.httpPort() + "/dashboard#key=" + key + "&account=ACC-D1");
      await().atMost(HeadlessChromium.timeout()).until(() -> browser.text("connected").equals("1"));
      await()
          .atMost(HeadlessChromium.timeout())
          .until(() -> browser.text("account-balance").startsWith("₹"));
      assertThat(browser.text("meters")).isEqualTo("1");
      assertThat(browser.text("status")).isEmpty();
      assertThat(browser.text("account-meter")).isEqualTo(SERIAL);
      // yesterday's data completeness of the utility's meters, as a share
      await()
          .atMost(HeadlessChromium.timeout())
          .until(() -> browser.text("completeness").endsWith(" %"));
      // the daily consumption chart draws a bar once the meter's readings are stored (a day
      // before the first reading has no figure and no bar)
      await()
          .atMost(HeadlessChromium.timeout())
          .until(
              () ->
                  Integer.parseInt(
                          browser.eval(
                              "String(document.querySelectorAll('#account-chart rect').length)"))
                      > 0);

      browser.eval(
          "document.getElementById('reason').value = 'site inspection'; "
              + "document.getElementById('disconnect').click(); true");
      await()
          .atMost(HeadlessChromium.timeout())
          .until(() -> !fleet.onMeter(meter, () -> meter.relay().outputState()));
      await()
          .atMost(HeadlessChromium.timeout())
          .until(() -> browser.text("command-status").contains("confirmed"));
      assertThat(
              queryLong(
                  "select count(*) from relay_commands where meter_serial = '"
                      + SERIAL
                      + "' and action = 'disconnect' and status = 'confirmed' and reason = 'site inspection' "
                      + "and requested_by like 'operator:key:%'"))
          .isEqualTo(1);
      assertThat(
              queryLong(
                  "select count(*) from api_audit where path = '/api/commands' and status = 202"))
          .isEqualTo(1);
    }
  }
}
