package org.urja.headend.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.headend.demo.FleetLauncher;
import org.urja.headend.demo.FleetOptions;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.Fleet;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.GatewayLogin;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.BlockLoadProfile;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * Meters the head-end's models do not describe, on real components: a make no shipped model knows
 * (no serial in its push, energy in tenths of a Wh) is registered with the default model, is
 * identified by reading its serial, asked for its layout, stored at its own scale and charged for
 * what it consumed; the default fleet's two makes are both stored at their own scales.
 */
class MeterLayoutLearnedEndToEndTest extends PostgresTestSupport {
  static final String OPERATOR_TOKEN = "layout-operator-token";
  static final String ODD = "ODD00000000";
  static final String IMPORT = "1.0.1.8.0.255";
  static final String VOLTAGE = "1.0.32.7.0.255";
  HeadEnd hes;
  ApiClient api;
  TcpFleet odd;
  List<Fleet> demoFleet = new ArrayList<>();
  Map<FleetConfig, MeterModel> demoMakes;

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("prepaid.policy.every", "PT0.5S")
            .with("relay.poll.every", "PT0.2S")
            .with("api.operator.tokens", OPERATOR_TOKEN)
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    var p = hes.prepaid();
    p.utilities().register("TESTCO", "Test Discom", UtilitySettings.disconnectingAtOnce());
    p.tariffs()
        .save(
            new Tariff(
                "TESTCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    p.accounts()
        .open(
            new Account(
                "ACC-ODD",
                "TESTCO",
                "Kavya Rao",
                "+919800000011",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            ODD);
    p.payments().post("ACC-ODD", 50_000, "UTR-ODD-1", "test", Instant.now());
    // registered as most meters are: with no model, so the installation's default is assumed
    hes.directory().register(ODD, "TESTCO", null);

    MeterModel oddMake =
        MeterModelCatalog.bundled()
            .addDirectory(Path.of(getClass().getResource("/unshipped-meter-models").toURI()))
            .get("odd-make-1ph");
    assertThat(hes.models().find(oddMake.name())).isEmpty();
    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 96);
    // an IS 15959 meter whose keys are imported: it is learned over its LLS meter-reader
    // association
    FleetConfig oddFleet =
        new FleetConfig(
            1, 0, "ODD", 9L, simStart, Duration.ofMinutes(15), Duration.ofMillis(150), 0, 4, 100);
    FleetKeys.importFleets(hes.meterKeys(), List.of(oddFleet), null, "test");
    odd =
        new TcpFleet(
                oddFleet,
                oddMake,
                "127.0.0.1",
                hes.tcpPort(),
                1,
                StrictMeters.handlers(oddFleet.seed()))
            .pushEncoding(StrictMeters.cipheredPushes(oddFleet.seed()))
            .start();

    FleetOptions options = new FleetOptions();
    options.tcpMeters = 4;
    options.mqttMeters = 0;
    options.daysBack = 1;
    options.realPeriod = Duration.ofMillis(200);
    options.simThreads = 1;
    options.cipherPushes = true;
    List<MeterModel> makes = FleetLauncher.makes(options, hes.models());
    demoMakes = FleetLauncher.tcpMakes(options, makes);
    // the second make's meters are registered with their model through the API, as an operator
    // would
    for (Map.Entry<FleetConfig, MeterModel> make : demoMakes.entrySet()) {
      if (!make.getValue().name().equals(MeterModelCatalog.DEFAULT_MODEL)) {
        for (int i = 0; i < make.getKey().meters(); i++) {
          Answer created =
              api.post(
                  OPERATOR_TOKEN,
                  "/api/meters",
                  "{\"serial\":\""
                      + make.getKey().serial(i)
                      + "\",\"utility\":\"TESTCO\",\"model\":\""
                      + make.getValue().name()
                      + "\"}");
          assertThat(created.status()).isEqualTo(201);
        }
      }
    }
    FleetKeys.importFleets(hes.meterKeys(), demoMakes.keySet(), null, "test");
    demoFleet.addAll(
        FleetLauncher.start(
            options, makes, "127.0.0.1", hes.tcpPort(), null, GatewayLogin.ANONYMOUS));
  }

  @AfterAll
  void stop() {
    demoFleet.forEach(Fleet::close);
    if (odd != null) {
      odd.close();
    }
    hes.close();
  }

  @Test
  void aMeterNoShippedModelDescribesIsIdentifiedLearnedAndStoredAtItsOwnScale() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> hes.sessions().find(ODD).isPresent() && stored(ODD, IMPORT).size() >= 3);
    SimulatedMeter meter = odd.meter(ODD).orElseThrow();

    assertStoredAsTheMeterMeasured(odd, meter);
    assertThat(
            hes.ingestMetrics()
                .registry()
                .find("urja.meter.layouts.learned")
                .tag("outcome", "disagrees")
                .counter())
        .isNotNull();
  }

  @Test
  void theMeterIsChargedForWhatItConsumedNotTenTimesIt() throws Exception {
    SimulatedMeter meter = odd.meter(ODD).orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                queryLong(
                        "SELECT count(*) FROM ledger_entries WHERE meter_serial = '"
                            + ODD
                            + "' AND kind = 'deduction'")
                    >= 3);

    // one statement, one snapshot: the charge state, the month's kWh and the deductions agree with
    // each other
    Map<String, Object> ledger =
        row(
            "SELECT s.last_wh, s.last_ts, "
                + "(SELECT sum(kwh) FROM ledger_monthly_consumption WHERE account_id = 'ACC-ODD') AS kwh, "
                + "(SELECT -sum(amount_paise) FROM ledger_entries WHERE meter_serial = '"
                + ODD
                + "' AND kind = 'deduction') AS paise, "
                // readings charged, not entries: a meter's backlog is journalled as one entry,
                // and each reading is rounded to the paisa on its own
                + "(SELECT sum(coalesce((details->>'readings')::int, 1)) FROM ledger_entries WHERE meter_serial = '"
                + ODD
                + "' AND kind = 'deduction') AS deductions, "
                + "(SELECT min((details->>'fromWh')::numeric) FROM ledger_entries WHERE meter_serial = '"
                + ODD
                + "' AND kind = 'deduction') AS baseline_wh "
                + "FROM ledger_meter_charge_state s WHERE s.meter_serial = '"
                + ODD
                + "'");
    BigDecimal lastWh = (BigDecimal) ledger.get("last_wh");
    Instant lastTs = ((Timestamp) ledger.get("last_ts")).toInstant();
    BigDecimal baselineWh = (BigDecimal) ledger.get("baseline_wh");

    // the register charged is the meter's own Wh, never its raw tenths
    assertThat(lastWh).isEqualByComparingTo(BigDecimal.valueOf(measuredWh(odd, meter, lastTs)));
    for (Map<String, Object> d :
        rows(
            "SELECT occurred_at, (details->>'toWh')::numeric AS to_wh FROM ledger_entries "
                + "WHERE meter_serial = '"
                + ODD
                + "' AND kind = 'deduction'")) {
      Instant at = ((Timestamp) d.get("occurred_at")).toInstant();
      assertThat((BigDecimal) d.get("to_wh"))
          .as("charged at %s", at)
          .isEqualByComparingTo(BigDecimal.valueOf(measuredWh(odd, meter, at)));
    }
    BigDecimal kwh = (BigDecimal) ledger.get("kwh");
    assertThat(kwh.multiply(BigDecimal.valueOf(1000)))
        .isEqualByComparingTo(lastWh.subtract(baselineWh));
    long expectedPaise = kwh.multiply(new BigDecimal("800")).longValue();
    long deductions = ((Number) ledger.get("deductions")).longValue();
    assertThat(((Number) ledger.get("paise")).longValue())
        .isBetween(expectedPaise - deductions, expectedPaise + deductions);
  }

  @Test
  void whereTheMeterAndItsModelDisagreeOperatorsSeeBothValues() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> layout(ODD).get("disagreements").size() > 0);
    JsonNode layout = layout(ODD);

    assertThat(layout.get("model").asText()).isEqualTo(MeterModelCatalog.DEFAULT_MODEL);
    JsonNode energy = find(layout.get("disagreements"), "scaler_unit", IMPORT);
    assertThat(energy.get("modelValue").get("scaler").asInt()).isZero();
    assertThat(energy.get("meterValue").get("scaler").asInt()).isEqualTo(-1);
    assertThat(energy.get("readAt").asText()).isNotBlank();
    JsonNode push = find(layout.get("disagreements"), "push_object_list", "0.0.25.9.0.255");
    assertThat(push.get("meterValue").size()).isEqualTo(6);
    assertThat(push.get("modelValue").size()).isEqualTo(10);

    JsonNode listed =
        find(api.get(OPERATOR_TOKEN, "/api/meters?limit=100").json().get("items"), ODD);
    assertThat(listed.get("layoutDisagreements").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(listed.get("model").asText()).isEqualTo(MeterModelCatalog.DEFAULT_MODEL);
  }

  @Test
  void anUnknownModelNameIsRefusedAndTheKnownOnesAreListed() throws Exception {
    Answer refused =
        api.post(
            OPERATOR_TOKEN,
            "/api/meters",
            "{\"serial\":\"NEW00000001\",\"utility\":\"TESTCO\",\"model\":\"no-such-make\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("unknown_model");
    assertThat(refused.json().get("field").asText()).isEqualTo("model");
    assertThat(refused.json().toString()).contains("urja-sim-1ph").contains("urja-sim-1ph-b");
    assertThat(queryLong("SELECT count(*) FROM meters WHERE serial = 'NEW00000001'")).isZero();

    Answer changed = api.put(OPERATOR_TOKEN, "/api/meters/" + ODD, "{\"model\":\"odd-make-1ph\"}");
    assertThat(changed.code()).isEqualTo("unknown_model");
    assertThat(layout(ODD).get("model").asText()).isEqualTo(MeterModelCatalog.DEFAULT_MODEL);
  }

  @Test
  void theDefaultFleetsTwoMakesAreBothStoredAtTheirOwnScale() throws Exception {
    assertThat(demoMakes.values())
        .extracting(MeterModel::name)
        .containsExactly("urja-sim-1ph", "urja-sim-1ph-b");
    for (Map.Entry<FleetConfig, MeterModel> make : demoMakes.entrySet()) {
      for (int i = 0; i < make.getKey().meters(); i++) {
        String serial = make.getKey().serial(i);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(serial, IMPORT).size() >= 3);
        Fleet fleet =
            demoFleet.stream().filter(f -> f.meter(serial).isPresent()).findFirst().orElseThrow();
        assertStoredAsTheMeterMeasured(fleet, fleet.meter(serial).orElseThrow());
        JsonNode listed =
            find(api.get(OPERATOR_TOKEN, "/api/meters?limit=100").json().get("items"), serial);
        assertThat(listed.get("model").asText()).as(serial).isEqualTo(make.getValue().name());
      }
    }
    // each meter is asked once when first seen, and a make that matches its model shows no
    // disagreement
    String secondMake = demoMakes.keySet().stream().skip(1).findFirst().orElseThrow().serial(0);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> layout(secondMake).get("learned").size() > 0);
    assertThat(layout(secondMake).get("model").asText()).isEqualTo("urja-sim-1ph-b");
    assertThat(layout(secondMake).get("disagreements")).isEmpty();
  }

  /**
   * Every stored energy reading is the meter's own Wh at that time; every voltage a mains voltage
   * (not 10 or 100 times one).
   */
  void assertStoredAsTheMeterMeasured(Fleet fleet, SimulatedMeter meter) throws Exception {
    for (Map.Entry<Instant, BigDecimal> r : stored(meter.serial(), IMPORT)) {
      assertThat(r.getValue())
          .as("%s at %s", meter.serial(), r.getKey())
          .isEqualByComparingTo(BigDecimal.valueOf(measuredWh(fleet, meter, r.getKey())));
    }
    assertThat(stored(meter.serial(), VOLTAGE))
        .isNotEmpty()
        .allSatisfy(
            v -> assertThat(v.getValue()).isBetween(new BigDecimal("200"), new BigDecimal("250")));
  }

  static long measuredWh(Fleet fleet, SimulatedMeter meter, Instant at) throws Exception {
    List<BlockLoadProfile.Row> rows = fleet.onMeter(meter, () -> meter.profile().range(at, at));
    assertThat(rows).as("the meter's own row at %s", at).hasSize(1);
    return rows.get(0).importWh();
  }

  List<Map.Entry<Instant, BigDecimal>> stored(String serial, String obis) {
    List<Map.Entry<Instant, BigDecimal>> out = new ArrayList<>();
    for (Map<String, Object> r :
        rows(
            "SELECT r.ts, r.value FROM readings r JOIN meters m ON m.id = r.meter_id "
                + "WHERE m.serial = '"
                + serial
                + "' AND r.obis = '"
                + obis
                + "' ORDER BY r.ts")) {
      out.add(Map.entry(((Timestamp) r.get("ts")).toInstant(), (BigDecimal) r.get("value")));
    }
    return out;
  }

  List<Map<String, Object>> rows(String sql) {
    try (var c = dataSource().getConnection();
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      List<Map<String, Object>> out = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  Map<String, Object> row(String sql) {
    List<Map<String, Object>> all = rows(sql);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  JsonNode layout(String serial) throws Exception {
    Answer a = api.get(OPERATOR_TOKEN, "/api/meters/" + serial + "/layout");
    assertThat(a.status()).isEqualTo(200);
    return a.json();
  }

  static JsonNode find(JsonNode items, String object, String obis) {
    for (JsonNode n : items) {
      if (n.get("object").asText().equals(object) && n.get("obis").asText().equals(obis)) {
        return n;
      }
    }
    throw new AssertionError("no " + object + " of " + obis + " in " + items);
  }

  static JsonNode find(JsonNode items, String serial) {
    for (JsonNode n : items) {
      if (n.get("serial").asText().equals(serial)) {
        return n;
      }
    }
    throw new AssertionError("meter " + serial + " not listed in " + items);
  }
}
