package org.urja.headend.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.ingest.db.EmbeddedDatabase;

/** /health against a real database and broker that the test takes away and brings back. */
class NodeHealthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private EmbeddedDatabase server;
  private EmbeddedBroker broker;
  private HeadEnd hes;

  @AfterEach
  void stopEverything() {
    if (hes != null) {
      hes.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void readinessFollowsTheDatabaseAndTheBrokerWhileLivenessStaysUp() throws Exception {
    Path dataDir = Files.createTempDirectory("urja-health");
    int port = freePort();
    server = EmbeddedDatabase.start(dataDir, port);
    broker = EmbeddedBroker.start(0);
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("health.db.timeout", "PT1S");
    hes = HeadEnd.start(cfg, server.newEmptyDatabase(), Optional.of(broker.uri()));

    Answer healthy = get("/health");
    assertThat(healthy.status()).isEqualTo(200);
    assertThat(healthy.json().get("status").asText()).isEqualTo("up");
    assertThat(healthy.json().get("checks").fieldNames())
        .toIterable()
        .containsExactly("writers", "charging", "event_loops", "database", "mqtt", "queue");
    assertThat(metrics()).contains("urja_health{check=\"database\"} 1.0");

    server.close();

    await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/ready").status() == 503);
    Answer down = get("/health");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().get("failed").toString()).isEqualTo("[\"database\"]");
    assertThat(down.json().at("/checks/database/status").asText()).isEqualTo("down");
    assertThat(get("/health/live").status()).isEqualTo(200);
    assertThat(metrics()).contains("urja_health{check=\"database\"} 0.0");

    server = EmbeddedDatabase.start(dataDir, port);

    await().atMost(Duration.ofSeconds(40)).until(() -> get("/health/ready").status() == 200);

    broker.close();
    broker = null;

    await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/ready").status() == 503);
    assertThat(get("/health").json().get("failed").toString()).isEqualTo("[\"mqtt\"]");
    assertThat(get("/health/live").status()).isEqualTo(200);
  }

  private record Answer(int status, JsonNode json) {}

  private Answer get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private String metrics() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + hes.httpPort() + path);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
