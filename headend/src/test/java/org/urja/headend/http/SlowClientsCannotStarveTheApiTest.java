package org.urja.headend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;

/**
 * The "slow POST" of issue 7: more connections than there are HTTP workers each send a payment's
 * headers and half its body, then nothing. {@code /health} and the API still answer at once, and
 * the slow connections are closed by {@code http.read.timeout}.
 */
class SlowClientsCannotStarveTheApiTest extends PostgresTestSupport {
  static final String OPERATOR_TOKEN = "slow-clients-operator-token";
  static final int WORKERS = 4;
  HeadEnd hes;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("http.port", "0")
            .with("http.bind", "127.0.0.1")
            .with("http.threads", String.valueOf(WORKERS))
            .with("http.read.timeout", "PT4S")
            .with("api.operator.tokens", OPERATOR_TOKEN);
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  @Test
  void connectionsThatNeverFinishTheirPostDoNotHangHealthOrTheApi() throws Exception {
    List<SocketChannel> slow = new ArrayList<>();
    try {
      for (int i = 0; i < WORKERS * 5; i++) {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", hes.httpPort()));
        ch.write(
            ByteBuffer.wrap(
                ("POST /api/payments HTTP/1.1\r\nHost: hes\r\nAuthorization: Bearer "
                        + OPERATOR_TOKEN
                        + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"accountId\":\"N-1\",")
                    .getBytes(StandardCharsets.US_ASCII)));
        ch.configureBlocking(false);
        slow.add(ch);
      }
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create(base() + "/health"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> meters =
          client.send(
              HttpRequest.newBuilder(URI.create(base() + "/api/meters"))
                  .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(meters.statusCode()).isEqualTo(200);
      // they were answered while every slow connection was still open, mid-body
      for (SocketChannel ch : slow) {
        assertThat(ch.read(ByteBuffer.allocate(16))).isZero();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                for (SocketChannel ch : slow) {
                  if (ch.isOpen() && ch.read(ByteBuffer.allocate(16)) < 0) {
                    ch.close();
                  }
                }
                return slow.stream().noneMatch(SocketChannel::isOpen);
              });
      assertThat(hes.httpTimedOutConnections()).isGreaterThanOrEqualTo(slow.size());
      assertThat(hes.registry().get("urja.http.timed.out").functionCounter().count())
          .isGreaterThanOrEqualTo(slow.size());
    } finally {
      for (SocketChannel ch : slow) {
        ch.close();
      }
    }
  }

  private String base() {
    return "http://127.0.0.1:" + hes.httpPort();
  }
}
