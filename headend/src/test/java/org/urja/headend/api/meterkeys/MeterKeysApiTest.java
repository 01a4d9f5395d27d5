package org.urja.headend.api.meterkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.ApiClient;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.api.auth.Role;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;

/**
 * An operator imports a manufacturer's key file, sees which keys each meter has, and rotates them;
 * no answer, audit row or log line ever holds a key, and a node without the master key refuses to
 * start once keys are stored.
 */
class MeterKeysApiTest extends PostgresTestSupport {
  static final SecureRandom RANDOM = new SecureRandom();
  final String masterKey = Base64.getEncoder().encodeToString(bytes(32));
  final List<String> secretsShipped = new ArrayList<>();
  final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  HeadEnd hes;
  ApiClient api;
  String operator;
  String utilityOperator;
  String gateway;

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  UrjaConfig config() {
    return UrjaConfig.defaults()
        .with("tcp.port", "0")
        .with("http.port", "0")
        .with("tcp.bind", "127.0.0.1");
  }

  @BeforeAll
  void start() throws Exception {
    logLines.start();
    root.addAppender(logLines);
    hes =
        HeadEnd.start(config().with("keys.master", masterKey), databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    operator = hes.api().keys().create("ops", Role.OPERATOR, null, "test").secret();
    utilityOperator = hes.api().keys().create("ops-u2", Role.OPERATOR, "U2", "test").secret();
    gateway = hes.api().keys().create("gw", Role.PAYMENT_GATEWAY, null, "test").secret();
  }

  @AfterAll
  void stop() {
    hes.close();
    root.detachAppender(logLines);
  }

  /** A key file line with fresh secrets, remembered to check they never come back. */
  String meterLine(String serial) {
    String lls = HexFormat.of().formatHex(bytes(8));
    String ek = HexFormat.of().formatHex(bytes(16));
    String ak = HexFormat.of().formatHex(bytes(16));
    secretsShipped.addAll(List.of(lls, ek, ak));
    return serial + "," + lls + "," + ek + "," + ak + "\n";
  }

  @Test
  void anOperatorImportsAKeyFileOnceAndSeesOnlyWhichKeysEachMeterHas() throws Exception {
    String file =
        "serial,lls_password,encryption_key,authentication_key\n"
            + meterLine("MK-A1")
            + meterLine("MK-A2");

    Answer first = api.post(operator, "/api/meter-keys/import", file);
    Answer again = api.post(operator, "/api/meter-keys/import", file);
    Answer keys = api.get(operator, "/api/meters/MK-A1/keys");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("created").asInt()).isEqualTo(2);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("created").asInt()).isZero();
    assertThat(again.json().get("unchanged").asInt()).isEqualTo(2);
    assertThat(keys.status()).isEqualTo(200);
    assertThat(keys.json().get("active").asInt()).isEqualTo(1);
    assertThat(keys.json().at("/versions/0/keys/encryptionKey").asBoolean()).isTrue();
    assertThat(keys.json().at("/versions/0/keys/hlsSecret").asBoolean()).isFalse();
    assertThat(keys.json().at("/versions/0/state").asText()).isEqualTo("active");
    assertThat(hes.meterKeys().lookup("MK-A2"))
        .hasValueSatisfying(s -> assertThat(s.authenticationKey()).isPresent());
    assertThat(
            queryLong(
                "SELECT count(*) FROM api_audit WHERE path = '/api/meter-keys/import' AND status = 200 "
                    + "AND detail = 'key file of 2 meters: 2 new, 0 unchanged'"))
        .isEqualTo(1);
    assertNoSecretIn(first.json().toString() + again.json() + keys.json());
  }

  @Test
  void aFileWithABadRowIsRefusedByLineAndNothingOfItIsStored() throws Exception {
    String file =
        "serial,lls_password,encryption_key,authentication_key\n"
            + meterLine("MK-B1")
            + "MK-B2,31323334,0011,00112233445566778899aabbccddeeff\n"
            + meterLine("MK-B3");

    Answer refused = api.post(operator, "/api/meter-keys/import", file);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.code()).isEqualTo("invalid_key_file");
    assertThat(refused.json().at("/problems/0/line").asInt()).isEqualTo(3);
    assertThat(refused.json().at("/problems/0/field").asText()).isEqualTo("encryptionKey");
    assertThat(queryLong("SELECT count(*) FROM meter_keys WHERE serial LIKE 'MK-B%'")).isZero();
    assertNoSecretIn(refused.json().toString());
  }

  @Test
  void aJsonKeyFileIsAcceptedAsWell() throws Exception {
    String ek = HexFormat.of().formatHex(bytes(16));
    String ak = HexFormat.of().formatHex(bytes(16));
    secretsShipped.addAll(List.of(ek, ak));

    Answer imported =
        api.post(
            operator,
            "/api/meter-keys/import",
            "[{\"serial\":\"MK-J1\",\"encryptionKey\":\""
                + ek
                + "\",\"authenticationKey\":\""
                + ak
                + "\"}]");

    assertThat(imported.status()).isEqualTo(200);
    assertThat(
            HexFormat.of()
                .formatHex(
                    hes.meterKeys().lookup("MK-J1").orElseThrow().encryptionKey().orElseThrow()))
        .isEqualTo(ek);
  }

  @Test
  void aRotationIsPendingUntilConfirmedAndTheOldKeysServeMeanwhile() throws Exception {
    api.post(operator, "/api/meter-keys/import", "serial,lls,ek,ak\n" + meterLine("MK-R1"));
    byte[] before = hes.meterKeys().lookup("MK-R1").orElseThrow().encryptionKey().orElseThrow();

    Answer rotated = api.post(operator, "/api/meters/MK-R1/keys/rotate", "");
    Answer twice = api.post(operator, "/api/meters/MK-R1/keys/rotate", "{}");
    Answer during = api.get(operator, "/api/meters/MK-R1/keys");

    assertThat(rotated.status()).isEqualTo(202);
    assertThat(rotated.json().get("state").asText()).isEqualTo("pending");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.code()).isEqualTo("rotation_pending");
    assertThat(during.json().get("active").asInt()).isEqualTo(1);
    assertThat(during.json().get("pending").asInt()).isEqualTo(2);
    assertThat(hes.meterKeys().lookup("MK-R1").orElseThrow().encryptionKey().orElseThrow())
        .isEqualTo(before);

    Answer confirmed = api.post(operator, "/api/meters/MK-R1/keys/confirm", "{\"version\":2}");

    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.json().get("state").asText()).isEqualTo("active");
    assertThat(hes.meterKeys().lookup("MK-R1").orElseThrow().encryptionKey().orElseThrow())
        .isNotEqualTo(before);
    assertThat(api.get(operator, "/api/meters/MK-R1/keys").json().at("/versions/1/state").asText())
        .isEqualTo("retired");
    assertThat(api.post(operator, "/api/meters/MK-R1/keys/cancel", "{\"version\":2}").code())
        .isEqualTo("not_pending");
  }

  @Test
  void aRotationWithAKeyOfTheWrongLengthNamesTheFieldNotTheValue() throws Exception {
    api.post(
        operator,
        "/api/meter-keys/import",
        "serial,ek,ak\n"
            + "MK-R2,"
            + HexFormat.of().formatHex(bytes(16))
            + ","
            + HexFormat.of().formatHex(bytes(16))
            + "\n");

    Answer bad =
        api.post(operator, "/api/meters/MK-R2/keys/rotate", "{\"encryptionKey\":\"a1b2c3d4e5\"}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("encryptionKey");
    assertThat(bad.json().toString()).doesNotContain("a1b2c3d4e5");
  }

  @Test
  void onlyOperatorsOfTheMetersUtilityTouchItsKeys() throws Exception {
    api.post(operator, "/api/meters", "{\"serial\":\"MK-U1\",\"utility\":\"U1\"}");
    String line = meterLine("MK-U1");
    api.post(operator, "/api/meter-keys/import", "serial,lls,ek,ak\n" + line);

    assertThat(api.get(gateway, "/api/meters/MK-U1/keys").status()).isEqualTo(403);
    assertThat(api.get(utilityOperator, "/api/meters/MK-U1/keys").status()).isEqualTo(403);
    Answer foreign =
        api.post(utilityOperator, "/api/meter-keys/import", "serial,lls,ek,ak\n" + line);
    assertThat(foreign.status()).isEqualTo(422);
    assertThat(foreign.json().at("/problems/0/message").asText())
        .isEqualTo("meter MK-U1 belongs to another utility");
    assertThat(api.post(utilityOperator, "/api/meters/MK-U1/keys/rotate", "").status())
        .isEqualTo(403);
    assertThat(api.get(operator, "/api/meters/MK-NONE/keys").status()).isEqualTo(404);
  }

  @Test
  void noLogLineOrAuditRowHoldsAKey() throws Exception {
    api.post(
        operator,
        "/api/meter-keys/import",
        "serial,lls,ek,ak\n" + meterLine("MK-L1") + "MK-L2,zz,,\n");
    api.post(operator, "/api/meter-keys/import", "serial,lls,ek,ak\n" + meterLine("MK-L3"));

    StringBuilder everything = new StringBuilder();
    logLines.list.forEach(e -> everything.append(e.getFormattedMessage()).append('\n'));
    try (Connection c = dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(detail, '') FROM api_audit")) {
      while (rs.next()) {
        everything.append(rs.getString(1)).append('\n');
      }
    }
    assertThat(secretsShipped).hasSizeGreaterThan(3);
    assertNoSecretIn(everything.toString());
  }

  @Test
  void theKeyRoutesAreInTheOpenApiDocument() throws Exception {
    Answer doc = api.get(operator, "/openapi.json");

    assertThat(doc.json().at("/paths").has("/api/meter-keys/import")).isTrue();
    assertThat(doc.json().at("/paths").has("/api/meters/{serial}/keys/rotate")).isTrue();
  }

  @Test
  void aNodeWithoutTheMasterKeyRefusesToStartOnceKeysAreStored() throws Exception {
    api.post(operator, "/api/meter-keys/import", "serial,lls,ek,ak\n" + meterLine("MK-S1"));

    assertThatThrownBy(() -> HeadEnd.start(config(), databaseConfig(), Optional.empty()).close())
        .hasMessageContaining("keys.master is not set");
    assertThatThrownBy(
            () ->
                HeadEnd.start(
                        config().with("keys.master", Base64.getEncoder().encodeToString(bytes(32))),
                        databaseConfig(),
                        Optional.empty())
                    .close())
        .hasMessageStartingWith("keys.master does not open the stored meter keys");
  }

  void assertNoSecretIn(String text) {
    String lower = text.toLowerCase();
    assertThat(secretsShipped)
        .allSatisfy(
            secret ->
                assertThat(lower.contains(secret))
                    .as("a shipped secret appears in the text checked")
                    .isFalse());
  }
}
