package org.urja.headend.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.api.auth.Role;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;

/** An operator sets up its utility, tariffs and consumers through the API, and only its own. */
class AccountAdminApiTest extends PostgresTestSupport {
  HeadEnd hes;
  ApiClient api;
  String east;
  String west;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    east = hes.api().keys().create("east ops", Role.OPERATOR, "EASTCO", "test").secret();
    west = hes.api().keys().create("west ops", Role.OPERATOR, "WESTCO", "test").secret();
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  @Test
  void anOperatorRegistersItsUtilityLoadsATariffOpensAnAccountAndSwitchesItToPrepaid()
      throws Exception {
    Answer utility =
        api.put(
            east,
            "/api/utilities/EASTCO",
            "{\"name\":\"East Discom\",\"settings\":{\"graceDays\":2,\"emergencyCreditPaise\":20000,\"dailySummaryAt\":\"08:00\",\"alertPercentages\":[50,20,0],\"disconnectAllowedFrom\":\"10:00\",\"disconnectAllowedUntil\":\"14:00\"}}");
    assertThat(utility.status()).isEqualTo(200);
    assertThat(utility.json().at("/settings/graceDays").asInt()).isEqualTo(2);
    assertThat(utility.json().at("/settings/emergencyCreditPaise").asLong()).isEqualTo(20_000);
    assertThat(utility.json().at("/settings/dailySummaryAt").asText()).startsWith("08:00");
    assertThat(
            api.put(
                    east,
                    "/api/utilities/EASTCO",
                    "{\"name\":\"East Discom\",\"settings\":{\"emergencyCreditPaise\":-1}}")
                .status())
        .isEqualTo(400);
    assertThat(utility.json().at("/settings/noDisconnectSundays").asBoolean())
        .isTrue(); // defaults fill the rest
    assertThat(
            api.post(
                    east,
                    "/api/utilities/EASTCO/holidays",
                    "{\"date\":\"2026-01-26\",\"name\":\"Republic Day\"}")
                .status())
        .isEqualTo(201);

    Answer tariff =
        api.post(
            east,
            "/api/tariffs",
            """
        [{"utilityId":"EASTCO","code":"LMV-1","effectiveFrom":"2026-04-01",
          "slabs":[{"upToKwh":100,"ratePaisePerKwh":335},{"upToKwh":null,"ratePaisePerKwh":500}],
          "fixedChargePaisePerKwPerDay":110,"dutyPercent":5,"timeOfDay":[],"prepaidRebate":{"kind":"PERCENT","value":3}}]""");
    assertThat(tariff.status()).isEqualTo(201);
    assertThat(queryLong("SELECT count(*) FROM ledger_tariffs WHERE utility_id = 'EASTCO'"))
        .isEqualTo(1);

    Answer opened =
        api.post(
            east,
            "/api/accounts",
            "{\"accountId\":\"E-100\",\"utilityId\":\"EASTCO\",\"consumerName\":\"Lata\","
                + "\"phone\":\"+919811111111\",\"language\":\"hi\",\"paymentMode\":\"postpaid\",\"tariffCode\":\"LMV-1\","
                + "\"sanctionedLoadKw\":\"2\",\"meterSerial\":\"EM-100\"}");
    assertThat(opened.status()).isEqualTo(201);
    assertThat(
            api.post(
                    east,
                    "/api/accounts",
                    "{\"accountId\":\"E-100\",\"utilityId\":\"EASTCO\",\"consumerName\":\"Lata\","
                        + "\"phone\":\"+919811111111\",\"paymentMode\":\"postpaid\",\"tariffCode\":\"LMV-1\",\"meterSerial\":\"EM-101\"}")
                .status())
        .isEqualTo(409);

    Answer switched =
        api.post(
            east,
            "/api/accounts/E-100/payment-mode",
            "{\"paymentMode\":\"prepaid\",\"reason\":\"consumer opted in\"}");
    assertThat(switched.json().get("changed").asBoolean()).isTrue();
    assertThat(
            queryLong(
                "SELECT count(*) FROM ledger_payment_mode_changes WHERE account_id = 'E-100' AND to_mode = 'prepaid' "
                    + "AND source = 'operator'"))
        .isEqualTo(1);

    assertThat(api.post(east, "/api/accounts/E-100/meter", "{\"meterSerial\":\"EM-200\"}").status())
        .isEqualTo(200);
    assertThat(
            queryLong(
                "SELECT count(*) FROM ledger_account_meters WHERE account_id = 'E-100' AND valid_to IS NULL "
                    + "AND meter_serial = 'EM-200'"))
        .isEqualTo(1);
    assertThat(
            queryLong(
                "SELECT count(*) FROM api_audit WHERE path LIKE '/api/accounts%' AND detail LIKE '%E-100%'"))
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void arrearsCarriedIntoPrepaidAreRecoveredFromRechargesAndShownOnTheReceipt() throws Exception {
    api.put(east, "/api/utilities/EASTCO", "{\"name\":\"East Discom\"}");
    api.post(
        east,
        "/api/tariffs",
        """
        {"utilityId":"EASTCO","code":"LMV-A","effectiveFrom":"2026-04-01","slabs":[{"upToKwh":null,"ratePaisePerKwh":500}],
         "fixedChargePaisePerKwPerDay":0,"dutyPercent":0,"timeOfDay":[],"prepaidRebate":{"kind":"PERCENT","value":0}}""");
    assertThat(
            api.post(
                    east,
                    "/api/accounts",
                    "{\"accountId\":\"E-300\",\"utilityId\":\"EASTCO\",\"consumerName\":\"Ravi\","
                        + "\"phone\":\"+919811111113\",\"paymentMode\":\"prepaid\",\"tariffCode\":\"LMV-A\",\"meterSerial\":\"EM-300\"}")
                .status())
        .isEqualTo(201);
    assertThat(api.get(east, "/api/accounts/E-300/arrears").status()).isEqualTo(404);
    Answer bad =
        api.put(
            east,
            "/api/accounts/E-300/arrears",
            "{\"outstandingPaise\":240000,\"recoveryPercent\":\"150\",\"reason\":\"postpaid bill unpaid at conversion\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("recoveryPercent");
    assertThat(
            api.put(
                    west,
                    "/api/accounts/E-300/arrears",
                    "{\"outstandingPaise\":1,\"recoveryPercent\":10,\"reason\":\"x\"}")
                .status())
        .isEqualTo(403);

    Answer set =
        api.put(
            east,
            "/api/accounts/E-300/arrears",
            "{\"outstandingPaise\":240000,\"recoveryPercent\":25,\"monthlyCapPaise\":50000,\"reason\":\"postpaid bill unpaid at conversion\"}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("outstandingPaise").asLong()).isEqualTo(240_000);

    String gateway =
        hes.api().keys().create("razorpay", Role.PAYMENT_GATEWAY, null, "test").secret();
    Answer paid =
        api.post(
            gateway,
            "/api/payments",
            "{\"accountId\":\"E-300\",\"amountPaise\":100000,\"gatewayReference\":\"UTR-E300-1\",\"channel\":\"upi\"}");
    assertThat(paid.status()).isEqualTo(201);
    assertThat(paid.json().get("arrearsRecoveredPaise").asLong()).isEqualTo(25_000);
    assertThat(paid.json().get("arrearsOutstandingPaise").asLong()).isEqualTo(215_000);
    assertThat(paid.json().get("balanceAfterPaise").asLong()).isEqualTo(75_000);

    Answer left = api.get(east, "/api/accounts/E-300/arrears");
    assertThat(left.json().get("outstandingPaise").asLong()).isEqualTo(215_000);
    assertThat(left.json().get("recoveredPaise").asLong()).isEqualTo(25_000);
    Answer receipts = api.get(east, "/api/accounts/E-300/receipts");
    assertThat(receipts.json().toString()).contains("\"arrearsRecoveredPaise\":25000");
    assertThat(queryLong("SELECT count(*) FROM api_audit WHERE detail LIKE 'arrears E-300%'"))
        .isEqualTo(1);
  }

  @Test
  void anOperatorCannotTouchAnotherUtilityAndBadFieldsAreNamed() throws Exception {
    assertThat(api.put(west, "/api/utilities/EASTCO", "{\"name\":\"x\"}").status()).isEqualTo(403);
    assertThat(
            api.post(
                    west,
                    "/api/tariffs",
                    "{\"utilityId\":\"EASTCO\",\"code\":\"X\",\"effectiveFrom\":\"2026-01-01\","
                        + "\"slabs\":[{\"upToKwh\":null,\"ratePaisePerKwh\":1}],\"fixedChargePaisePerKwPerDay\":0,\"dutyPercent\":0,"
                        + "\"timeOfDay\":[],\"prepaidRebate\":{\"kind\":\"PERCENT\",\"value\":0}}")
                .status())
        .isEqualTo(403);
    assertThat(
            api.post(
                    west,
                    "/api/accounts",
                    "{\"accountId\":\"W-1\",\"utilityId\":\"WESTCO\",\"consumerName\":\"A\","
                        + "\"phone\":\"1\",\"paymentMode\":\"weekly\",\"tariffCode\":\"T\",\"meterSerial\":\"WM-1\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("paymentMode");
    assertThat(
            api.post(west, "/api/tariffs", "[{\"utilityId\":\"WESTCO\",\"code\":\"X\"}]")
                .json()
                .get("field")
                .asText())
        .isEqualTo("tariffs");
    assertThat(
            api.post(
                    west,
                    "/api/utilities/WESTCO/holidays",
                    "{\"date\":\"26-01-2026\",\"name\":\"x\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("date");
  }
}
