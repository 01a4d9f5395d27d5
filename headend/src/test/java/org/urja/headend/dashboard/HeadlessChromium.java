package org.urja.headend.dashboard;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.urja.headend.api.JsonExchange;

/**
 * The system Chromium, headless, driven over the DevTools protocol with the JDK's own WebSocket
 * client: no browser driver or npm package to install, only Debian's {@code chromium}.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  HeadlessChromium() throws Exception {
    profile = Files.createTempDirectory("urja-chromium");
    process =
        new ProcessBuilder(
                List.of(
                    BINARY.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-dev-shm-usage",
                    "--remote-debugging-port=0",
                    "--remote-allow-origins=*",
                    "--user-data-dir=" + profile,
                    "about:blank"))
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  !process.isAlive()
                      || Files.exists(portFile) && !Files.readAllLines(portFile).isEmpty());
    } catch (ConditionTimeoutException e) {
      // reported below with Chromium's own log
    }
    if (!process.isAlive() || !Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
      throw new IllegalStateException(
          "Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JsonExchange.JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String pageSocket = null;
    for (JsonNode t : targets) {
      if ("page".equals(t.path("type").asText())) {
        pageSocket = t.path("webSocketDebuggerUrl").asText();
      }
    }
    if (pageSocket == null) {
      throw new IllegalStateException("no page target in " + targets);
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageSocket), new Listener())
            .get(10, TimeUnit.SECONDS);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode msg = JsonExchange.JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> f =
              msg.has("id") ? pending.remove(msg.get("id").asInt()) : null;
          if (f != null) {
            f.complete(msg);
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = JsonExchange.JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    socket.sendText(JsonExchange.JSON.writeValueAsString(msg), true).get(5, TimeUnit.SECONDS);
    JsonNode r = answer.get(15, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", JsonExchange.JSON.createObjectNode().put("url", url));
  }

  /** Evaluates a JavaScript expression in the page and returns its value as text ("" for null). */
  String eval(String expression) throws Exception {
    JsonNode r =
        call(
            "Runtime.evaluate",
            JsonExchange.JSON
                .createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
    }
    JsonNode v = r.path("result").path("value");
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  String text(String elementId) throws Exception {
    return eval("(document.getElementById('" + elementId + "') || {}).textContent || ''");
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Chromium's helper processes may still write into the profile for a moment after the browser
    // exits (a file vanishing under the walk failed a test once): a few tries, then it is only a
    // temporary directory left behind
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        return;
      } catch (IOException | java.io.UncheckedIOException e) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  static Duration timeout() {
    return Duration.ofSeconds(30);
  }
}
