package org.urja.headend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP endpoint's own limits, on a real socket: overload, body size, request deadline, routing.
 */
class HttpApiLimitsTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpApi http;

  @AfterEach
  void stop() {
    release.countDown();
    if (http != null) {
      http.close();
    }
  }

  private HttpApi start(HttpSettings settings) throws Exception {
    http = new HttpApi(settings);
    http.route("/", ex -> HttpApi.send(ex, 200, "text/plain", "root"));
    http.route(
        "/api", ex -> HttpApi.send(ex, 200, "text/plain", "api " + ex.getRequestURI().getPath()));
    http.route(
        "/api/slow",
        ex -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          HttpApi.send(ex, 200, "text/plain", "done");
        });
    http.route(
        "/echo",
        ex ->
            HttpApi.send(
                ex,
                200,
                "text/plain",
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    return http.start();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theLongestRouteClaimsAPathAndItsSubpaths() throws Exception {
    start(HttpSettings.defaults(0).withBind("127.0.0.1"));
    assertThat(get("/api/meters/NM-1").body()).isEqualTo("api /api/meters/NM-1");
    assertThat(get("/metrics").body()).isEqualTo("root");
    HttpResponse<String> echo =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(echo.body()).isEqualTo("{\"a\":1}");
  }

  @Test
  void whenEveryWorkerIsBusyAndTheQueueFullTheAnswerIs503AtOnce() throws Exception {
    start(HttpSettings.defaults(0).withBind("127.0.0.1").withWorkers(1, 1));
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    held.add(
        client.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/api/slow"))
                .build(),
            HttpResponse.BodyHandlers.ofString()));
    // only slow requests until the server refuses one: then the worker and the queue are both held,
    // and nothing we wait on could take the queue's place (a blocking probe could, and hang)
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              held.add(
                  client.sendAsync(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + http.port() + "/api/slow"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()));
              return http.overloadedRequests() > 0;
            });
    HttpResponse<String> busy = get("/api/other");
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.body()).contains("\"code\":\"overloaded\"");
    assertThat(busy.headers().firstValue("Retry-After")).contains("1");
    assertThat(http.overloadedRequests()).isPositive();
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/other").statusCode() == 200);
    assertThat(held.get(0).get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
  }

  @Test
  void aBodyOverTheLimitIs413AndNeverReachesAHandler() throws Exception {
    start(HttpSettings.defaults(0).withBind("127.0.0.1").withMaxBodyBytes(1024));
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(4096)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"code\":\"body_too_large\"");
  }

  @Test
  void aClientTricklingItsRequestIsClosedAtTheReadTimeoutThoughNeverIdle() throws Exception {
    start(HttpSettings.defaults(0).withBind("127.0.0.1").withReadTimeout(Duration.ofSeconds(2)));
    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", http.port()));
    ch.write(
        ByteBuffer.wrap(
            ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      trickle.scheduleAtFixedRate(
          () -> {
            try {
              ch.write(ByteBuffer.wrap(new byte[] {'x'}));
            } catch (IOException closed) {
              throw new IllegalStateException(closed);
            }
          },
          0,
          200,
          TimeUnit.MILLISECONDS);
      ch.configureBlocking(false);
      await().atMost(Duration.ofSeconds(10)).until(() -> ch.read(ByteBuffer.allocate(64)) < 0);
      assertThat(http.timedOutConnections()).isEqualTo(1);
    } finally {
      trickle.shutdownNow();
      ch.close();
    }
  }
}
