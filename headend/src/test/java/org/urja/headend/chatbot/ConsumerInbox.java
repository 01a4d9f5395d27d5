package org.urja.headend.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.urja.headend.api.JsonExchange;

/**
 * The consumer's phone as the notification webhook (an SMS gateway) reaches it: every message kept.
 */
final class ConsumerInbox implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  ConsumerInbox() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/sms",
        ex -> {
          received.add(JsonExchange.JSON.readTree(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
  }

  List<JsonNode> to(String accountId) {
    return received.stream().filter(m -> m.path("accountId").asText().equals(accountId)).toList();
  }

  List<String> kindsTo(String accountId) {
    return to(accountId).stream().map(m -> m.path("kind").asText()).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
