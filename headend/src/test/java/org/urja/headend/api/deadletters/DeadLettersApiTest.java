package org.urja.headend.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import org.urja.ingest.deadletter.DeadLetter;
import org.urja.ingest.deadletter.DeadLetters;

/** Operators see what the head-end gave up on and close each letter, audited. */
class DeadLettersApiTest extends PostgresTestSupport {
  private static final byte[] POISON = {0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x0a, 0x0f, 0x00};
  HeadEnd hes;
  ApiClient api;
  String operator;
  String gateway;
  long binary;
  long json;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    api = new ApiClient(hes.httpPort());
    operator = hes.api().keys().create("ops", Role.OPERATOR, null, "test").secret();
    gateway = hes.api().keys().create("gw", Role.PAYMENT_GATEWAY, null, "test").secret();
    DeadLetters letters = new DeadLetters(dataSource());
    binary =
        letters.record(
            new DeadLetter.New(
                "mqtt", "meters/SIM7/data", "SIM7", "decode", "zero-width array", POISON, 5));
    json =
        letters.record(
            new DeadLetter.New(
                "writer",
                "urja-batch-writer-0",
                "SIM8",
                "database_refused",
                "numeric field overflow",
                "{\"readings\":[{\"value\":\"1E+999999999\"}]}".getBytes(StandardCharsets.UTF_8),
                1));
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  @Test
  void anOperatorListsOpenLettersNewestFirstWithTheirPayloadAndAPreview() throws Exception {
    Answer page = api.get(operator, "/api/dead-letters?limit=1");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().at("/items/0/id").asLong()).isEqualTo(json);
    assertThat(page.json().at("/items/0/preview").asText())
        .isEqualTo("{\"readings\":[{\"value\":\"1E+999999999\"}]}");
    assertThat(page.json().get("nextBefore").asLong()).isEqualTo(json);

    Answer next = api.get(operator, "/api/dead-letters?limit=1&before=" + json);
    assertThat(next.json().at("/items/0/id").asLong()).isEqualTo(binary);
    assertThat(Base64.getDecoder().decode(next.json().at("/items/0/payloadBase64").asText()))
        .isEqualTo(POISON);
    assertThat(next.json().at("/items/0/preview").asText()).isEqualTo("..........");
    assertThat(next.json().get("nextBefore").isNull()).isTrue();
  }

  @Test
  void resolvingALetterIsAuditedAndTakesItOffTheOpenList() throws Exception {
    long id =
        new DeadLetters(dataSource())
            .record(
                new DeadLetter.New("writer", "t", "SIM9", "writer_error", "", new byte[] {1}, 1));

    Answer resolved =
        api.post(
            operator,
            "/api/dead-letters/" + id + "/resolve",
            "{\"resolution\":\"bad firmware, discarded\"}");

    assertThat(resolved.status()).isEqualTo(200);
    assertThat(resolved.json().get("resolution").asText()).isEqualTo("bad firmware, discarded");
    assertThat(api.get(operator, "/api/dead-letters/" + id).json().get("resolvedAt").isNull())
        .isFalse();
    assertThat(api.get(operator, "/api/dead-letters").json().findValues("id"))
        .noneMatch(n -> n.asLong() == id);
    assertThat(api.get(operator, "/api/dead-letters?resolved=true").json().findValues("id"))
        .anyMatch(n -> n.asLong() == id);
    assertThat(
            api.post(operator, "/api/dead-letters/" + id + "/resolve", "{\"resolution\":\"again\"}")
                .status())
        .isEqualTo(409);
    assertThat(
            queryLong(
                "SELECT count(*) FROM api_audit WHERE path = '/api/dead-letters/"
                    + id
                    + "/resolve'"
                    + " AND detail = 'resolve dead letter "
                    + id
                    + "' AND status = 200"))
        .isEqualTo(1);
  }

  @Test
  void onlyOperatorsSeeDeadLetters() throws Exception {
    assertThat(api.get(gateway, "/api/dead-letters").status()).isEqualTo(403);
    assertThat(api.get(operator, "/api/dead-letters/999999").status()).isEqualTo(404);
    assertThat(
            api.post(operator, "/api/dead-letters/" + binary + "/resolve", "{\"resolution\":\"\"}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void theDeadLetterRoutesAreInTheOpenApiDocument() throws Exception {
    Answer doc = api.get(operator, "/openapi.json");

    assertThat(doc.json().at("/paths").has("/api/dead-letters")).isTrue();
    assertThat(doc.json().at("/paths").has("/api/dead-letters/{id}/resolve")).isTrue();
  }
}
