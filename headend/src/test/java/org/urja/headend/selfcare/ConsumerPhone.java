package org.urja.headend.selfcare;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.urja.headend.api.JsonExchange;

/**
 * The consumer's side of the notification webhook (an SMS gateway standing in for the phone):
 * receives what the head-end's webhook channel delivers, as the consumer would read it.
 */
public final class ConsumerPhone implements AutoCloseable {
  private static final Pattern CODE = Pattern.compile("(\\d{6})");
  private final HttpServer server;
  private final Map<Long, JsonNode> received = new ConcurrentHashMap<>();

  public ConsumerPhone() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/sms",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.put(
              Long.parseLong(exchange.getRequestHeaders().getFirst("X-Urja-Delivery")),
              JsonExchange.JSON.readTree(body));
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
  }

  /** The code in the message delivered for outbox row {@code id}, waiting for it to arrive. */
  public String codeIn(long outboxId) {
    await().atMost(Duration.ofSeconds(20)).until(() -> received.containsKey(outboxId));
    Matcher m = CODE.matcher(received.get(outboxId).path("text").asText());
    if (!m.find()) {
      throw new AssertionError("no code in the delivered message " + received.get(outboxId));
    }
    return m.group(1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
