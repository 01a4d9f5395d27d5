package org.urja.headend.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The REST API's contract against a running head-end on embedded PostgreSQL: status codes, error
 * codes with the field at fault, pagination, and what each role may see.
 */
class OperationsApiContractTest extends PostgresTestSupport {
  static final String GATEWAY_TOKEN = "bootstrap-gateway-token";
  static final String OPERATOR_TOKEN = "bootstrap-operator-token";
  HeadEnd hes;
  ApiClient api;
  String operator;
  String otherOperator;
  String gateway;
  String consumer;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("api.gateway.tokens", GATEWAY_TOKEN)
            .with("api.operator.tokens", OPERATOR_TOKEN);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    var p = hes.prepaid();
    for (String u : List.of("NORTHCO", "SOUTHCO")) {
      p.utilities()
          .register(
              u,
              u,
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
                "N-1",
                "NORTHCO",
                "Asha",
                "+919800000001",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                BigDecimal.ONE,
                Instant.parse("2020-01-01T00:00:00Z")),
            "NM-1");
    p.accounts()
        .open(
            new Account(
                "N-2",
                "NORTHCO",
                "Ravi",
                "+919800000002",
                "hi",
                PaymentMode.PREPAID,
                "LMV-1",
                BigDecimal.ONE,
                Instant.parse("2020-01-01T00:00:00Z")),
            "NM-2");
    p.accounts()
        .open(
            new Account(
                "S-1",
                "SOUTHCO",
                "Meena",
                "+919800000003",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                BigDecimal.ONE,
                Instant.parse("2020-01-01T00:00:00Z")),
            "SM-1");
    for (String[] m :
        new String[][] {
          {"NM-1", "NORTHCO"}, {"NM-2", "NORTHCO"}, {"NM-3", "NORTHCO"}, {"SM-1", "SOUTHCO"}
        }) {
      hes.directory().register(m[0], m[1], "default");
    }
    var keys = hes.api().keys();
    operator = keys.create("north ops", Role.OPERATOR, "NORTHCO", "test").secret();
    otherOperator = keys.create("south ops", Role.OPERATOR, "SOUTHCO", "test").secret();
    gateway = keys.create("razorpay", Role.PAYMENT_GATEWAY, null, "test").secret();
    consumer = keys.create("selfcare app", Role.CONSUMER_CHANNEL, "NORTHCO", "test").secret();
    long consumerKeyId = queryLong("select id from api_keys where name = 'selfcare app'");
    // the link an OTP would create (OTP linking has its own test)
    execute(
        "insert into consumer_links (subject, account_id) values ('key:"
            + consumerKeyId
            + "', 'N-1')");
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  @Test
  void callsWithoutAValidKeyAre401AndRolesOutsideTheirEndpointsAre403() throws Exception {
    assertThat(api.get(null, "/api/meters").status()).isEqualTo(401);
    Answer unknown = api.get("no-such-key", "/api/meters");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.code()).isEqualTo("unauthorised");
    assertThat(api.get(gateway, "/api/meters").status()).isEqualTo(403);
    assertThat(api.get(consumer, "/api/fleet/health").status()).isEqualTo(403);
    assertThat(api.post(consumer, "/api/payments", "{}").status()).isEqualTo(403);
    assertThat(api.post(gateway, "/api/commands", "{}").code()).isEqualTo("forbidden");
  }

  @Test
  void aConsumerChannelKeyReadsItsLinkedAccountAndNoOther() throws Exception {
    Answer own = api.get(consumer, "/api/accounts/N-1");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("accountId").asText()).isEqualTo("N-1");
    assertThat(own.json().has("balancePaise")).isTrue();
    assertThat(own.json().get("paymentMode").asText()).isEqualTo("prepaid");

    Answer other = api.get(consumer, "/api/accounts/N-2");
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.code()).isEqualTo("account_not_linked");
    assertThat(api.get(consumer, "/api/accounts/N-2/statement").status()).isEqualTo(403);
    assertThat(api.get(consumer, "/api/accounts/NOPE").status()).isEqualTo(404);
  }

  @Test
  void anOperatorSeesOnlyItsOwnUtility() throws Exception {
    assertThat(api.get(operator, "/api/accounts?mode=prepaid").json().get("items"))
        .extracting(n -> n.get("accountId").asText())
        .containsExactly("N-1", "N-2");
    assertThat(api.get(operator, "/api/accounts?mode=both").json().get("field").asText())
        .isEqualTo("mode");
    assertThat(api.get(operator, "/api/accounts/N-2").status()).isEqualTo(200);
    assertThat(api.get(operator, "/api/accounts/S-1").code()).isEqualTo("other_utility");
    assertThat(api.get(otherOperator, "/api/meters/NM-1").status()).isEqualTo(403);
    Answer list = api.get(otherOperator, "/api/meters");
    assertThat(list.json().get("items"))
        .extracting(n -> n.get("serial").asText())
        .containsExactly("SM-1");
  }

  @Test
  void meterListsArePaginatedAndFiltered() throws Exception {
    Answer first = api.get(operator, "/api/meters?limit=2");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("items")).hasSize(2);
    assertThat(first.json().get("nextOffset").asInt()).isEqualTo(2);
    Answer second = api.get(operator, "/api/meters?limit=2&offset=2");
    assertThat(second.json().get("items")).hasSize(1);
    assertThat(second.json().get("nextOffset").isNull()).isTrue();

    Answer bad = api.get(operator, "/api/meters?status=broken");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("status");
    assertThat(api.get(operator, "/api/meters?limit=0").json().get("field").asText())
        .isEqualTo("limit");
  }

  @Test
  void registeringAMeterValidatesItsSerialAndRefusesADuplicate() throws Exception {
    Answer created =
        api.post(operator, "/api/meters", "{\"serial\":\"NM-9\",\"model\":\"default\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("utility").asText()).isEqualTo("NORTHCO");
    assertThat(api.post(operator, "/api/meters", "{\"serial\":\"NM-9\"}").code())
        .isEqualTo("meter_exists");
    Answer bad = api.post(operator, "/api/meters", "{\"serial\":\"bad serial!\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("serial");
    assertThat(api.post(operator, "/api/meters", "not json").code()).isEqualTo("invalid_json");
    assertThat(
            api.post(operator, "/api/meters", "{\"serial\":\"NM-10\",\"utility\":\"SOUTHCO\"}")
                .status())
        .isEqualTo(403);
    assertThat(
            queryLong(
                "select count(*) from api_audit where path = '/api/meters' and method = 'POST'"))
        .isEqualTo(5);
  }

  @Test
  void unknownIdsAre404WithAStableCode() throws Exception {
    assertThat(api.get(operator, "/api/meters/NOPE").code()).isEqualTo("meter_not_found");
    assertThat(api.get(operator, "/api/commands/999999").code()).isEqualTo("command_not_found");
    assertThat(api.get(operator, "/api/receipts/R-NOPE").code()).isEqualTo("receipt_not_found");
    assertThat(api.get(operator, "/api/nothing-here").status()).isEqualTo(404);
    assertThat(api.get(operator, "/api/commands/abc").json().get("field").asText()).isEqualTo("id");
  }

  @Test
  void readingsAreAggregatedPerInterval() throws Exception {
    long id = queryLong("select id from meters where serial = 'NM-3'");
    execute(
        "insert into readings (meter_id, obis, ts, value, unit) select "
            + id
            + ", '1.0.1.8.0.255', "
            + "timestamptz '2026-01-10 00:00Z' + make_interval(mins => 15 * g), 1000 + 250 * g, 'Wh' from generate_series(0, 11) g");
    Answer raw =
        api.get(
            operator,
            "/api/meters/NM-3/readings?from=2026-01-10T00:00:00Z&to=2026-01-10T03:00:00Z&limit=5");
    assertThat(raw.json().get("items")).hasSize(5);
    Answer hourly =
        api.get(
            operator,
            "/api/meters/NM-3/readings?from=2026-01-10T00:00:00Z&to=2026-01-10T03:00:00Z&interval=1h");
    assertThat(hourly.status()).isEqualTo(200);
    // hours of the utility's clock (IST: hh:30 UTC), each overlapping the range, in full
    assertThat(hourly.json().get("items")).hasSize(4);
    JsonNode first = hourly.json().get("items").get(0);
    assertThat(first.get("bucket").asText()).isEqualTo("2026-01-09T23:30:00Z");
    // before the first reading the register counts from it: 00:00 (1000) to 00:30 (1500)
    assertThat(first.get("delta").decimalValue()).isEqualByComparingTo("500");
    // the register at the hour's end less at its start (00:30 to 01:30), not max − min inside
    JsonNode second = hourly.json().get("items").get(1);
    assertThat(second.get("delta").decimalValue()).isEqualByComparingTo("1000");
    assertThat(second.get("samples").asInt()).isEqualTo(4);
    assertThat(
            api.get(operator, "/api/meters/NM-3/readings?interval=2h").json().get("field").asText())
        .isEqualTo("interval");
    assertThat(
            api.get(operator, "/api/meters/NM-3/readings?from=yesterday")
                .json()
                .get("field")
                .asText())
        .isEqualTo("from");

    Answer status = api.get(operator, "/api/meters/NM-3");
    assertThat(status.json().get("connected").asBoolean()).isFalse();
  }

  @Test
  void anOperatorDisconnectIsQueuedWithItsReasonAndTracked() throws Exception {
    Answer missingReason =
        api.post(operator, "/api/commands", "{\"meterSerial\":\"NM-2\",\"action\":\"disconnect\"}");
    assertThat(missingReason.json().get("field").asText()).isEqualTo("reason");
    Answer issued =
        api.post(
            operator,
            "/api/commands",
            "{\"accountId\":\"N-2\",\"action\":\"disconnect\",\"reason\":\"meter tampering inspection\"}");
    assertThat(issued.status()).isEqualTo(202);
    long id = issued.json().get("id").asLong();
    assertThat(issued.json().get("requestedBy").asText()).startsWith("operator:key:");
    Answer tracked = api.get(operator, "/api/commands/" + id);
    assertThat(tracked.json().get("reason").asText()).isEqualTo("meter tampering inspection");
    assertThat(api.get(operator, "/api/commands?meterSerial=NM-2").json().get("items"))
        .isNotEmpty();
    assertThat(api.get(otherOperator, "/api/commands/" + id).status()).isEqualTo(403);
    assertThat(
            api.post(
                    operator,
                    "/api/commands",
                    "{\"meterSerial\":\"NM-2\",\"action\":\"explode\",\"reason\":\"x\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("action");
    Answer readNow =
        api.post(
            operator,
            "/api/commands",
            "{\"meterSerial\":\"NM-2\",\"action\":\"read-now\",\"reason\":\"check\"}");
    assertThat(readNow.code()).isEqualTo("meter_unreachable");
    assertThat(
            queryLong(
                "select count(*) from api_audit where path = '/api/commands' and detail like 'disconnect NM-2%'"))
        .isEqualTo(1);
  }

  @Test
  void paymentsPostWithABootstrapTokenOrAGatewayKeyAndReceiptsAreFoundByNumber() throws Exception {
    Answer byToken =
        api.post(
            GATEWAY_TOKEN,
            "/api/payments",
            "{\"accountId\":\"N-1\",\"amountPaise\":50000,\"gatewayReference\":\"UTR-A1\",\"channel\":\"UPI\"}");
    assertThat(byToken.status()).isEqualTo(201);
    Answer byKey =
        api.post(
            gateway,
            "/api/payments",
            "{\"accountId\":\"S-1\",\"amountPaise\":20000,\"gatewayReference\":\"UTR-A2\"}");
    assertThat(byKey.status()).isEqualTo(201);
    assertThat(
            api.post(
                    gateway,
                    "/api/payments",
                    "{\"accountId\":\"S-1\",\"amountPaise\":-5,\"gatewayReference\":\"X\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("amountPaise");

    String number = byToken.json().get("receiptNumber").asText();
    assertThat(api.get(consumer, "/api/receipts/" + number).status()).isEqualTo(200);
    assertThat(
            api.get(consumer, "/api/receipts/" + byKey.json().get("receiptNumber").asText())
                .status())
        .isEqualTo(403);
    assertThat(
            api.get(consumer, "/api/accounts/N-1/statement")
                .json()
                .get("items")
                .get(0)
                .get("kind")
                .asText())
        .isEqualTo("recharge");
    assertThat(api.get(operator, "/api/accounts/N-1").json().get("balancePaise").asLong())
        .isEqualTo(50000);
  }

  @Test
  void fleetHealthNotificationsAndTheOpenapiDocumentAreServed() throws Exception {
    Answer health = api.get(operator, "/api/fleet/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("meters").asLong()).isGreaterThanOrEqualTo(3);
    for (String f :
        List.of(
            "connectedMeters",
            "silentOverADay",
            "readingsPerSecond",
            "decodeErrors",
            "queueDepthRows",
            "pendingCommands",
            "lowCreditAccounts",
            "disconnectedMeters")) {
      assertThat(health.json().has(f)).as(f).isTrue();
    }
    assertThat(api.get(operator, "/api/notifications?limit=10").json().has("items")).isTrue();
    Answer doc = api.get(null, "/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.json().get("paths").has("/api/meters/{serial}/readings")).isTrue();
    // a payment gateway integrating from the document alone knows what to send
    var payment =
        doc.json().at("/paths/~1api~1payments/post/requestBody/content/application~1json/schema");
    assertThat(payment.at("/properties/amountPaise/type").asText()).isEqualTo("integer");
    assertThat(payment.at("/properties/receivedAt/format").asText()).isEqualTo("date-time");
    assertThat(payment.get("required"))
        .extracting(n -> n.asText())
        .containsExactlyInAnyOrder("accountId", "amountPaise", "gatewayReference");
    assertThat(doc.json().at("/paths/~1api~1meters/get/parameters"))
        .extracting(n -> n.get("name").asText())
        .contains("utility", "status", "limit", "offset");
    // every call that takes a body says what the body is
    doc.json()
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (op.getKey().equals("post") || op.getKey().equals("put")) {
                            assertThat(op.getValue().has("requestBody"))
                                .as(op.getKey() + " " + path.getKey())
                                .isTrue();
                          }
                        }));
  }

  @Test
  void aBootstrapOperatorTokenCreatesTheFirstKeysForAnyUtility() throws Exception {
    Answer k =
        api.post(
            OPERATOR_TOKEN,
            "/api/keys",
            "{\"name\":\"south lead\",\"role\":\"operator\",\"utility\":\"SOUTHCO\"}");
    assertThat(k.status()).isEqualTo(201);
    assertThat(api.get(k.json().get("secret").asText(), "/api/meters/SM-1").status())
        .isEqualTo(200);
    assertThat(api.get(OPERATOR_TOKEN, "/api/fleet/health").json().get("meters").asLong())
        .isGreaterThanOrEqualTo(4);
    assertThat(api.get(GATEWAY_TOKEN, "/api/fleet/health").status()).isEqualTo(403);
  }

  @Test
  void theDashboardPageAndItsListsAreServed() throws Exception {
    assertThat(api.get(operator, "/api/dashboard/accounts?state=low_credit").json().has("items"))
        .isTrue();
    assertThat(api.get(operator, "/api/dashboard/commands?state=failed").json().has("items"))
        .isTrue();
    assertThat(
            api.get(operator, "/api/dashboard/accounts?state=happy").json().get("field").asText())
        .isEqualTo("state");
    assertThat(api.get(consumer, "/api/dashboard/accounts").status()).isEqualTo(403);
    java.net.http.HttpResponse<String> page =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + hes.httpPort() + "/dashboard"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("id=\"connected\"");
  }

  @Test
  void operatorsCreateAndRevokeKeysWithinTheirUtility() throws Exception {
    Answer k =
        api.post(operator, "/api/keys", "{\"name\":\"north app\",\"role\":\"consumer-channel\"}");
    assertThat(k.status()).isEqualTo(201);
    String secret = k.json().get("secret").asText();
    assertThat(queryLong("select count(*) from api_keys where key_hash = '" + secret + "'"))
        .isZero();
    assertThat(
            api.post(operator, "/api/keys", "{\"name\":\"x\",\"role\":\"king\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("role");
    assertThat(
            api.post(
                    operator,
                    "/api/keys",
                    "{\"name\":\"x\",\"role\":\"operator\",\"utility\":\"SOUTHCO\"}")
                .status())
        .isEqualTo(403);
    assertThat(api.delete(otherOperator, "/api/keys/" + k.json().get("id").asLong()).status())
        .isEqualTo(404);
    assertThat(api.delete(operator, "/api/keys/" + k.json().get("id").asLong()).status())
        .isEqualTo(200);
    assertThat(api.get(secret, "/api/accounts/N-1").status()).isEqualTo(401);
  }
}
