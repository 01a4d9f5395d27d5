package org.urja.headend.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.urja.headend.api.JsonExchange;

/**
 * A stand-in for the WhatsApp Cloud API's messages endpoint on 127.0.0.1, keeping what it was sent.
 */
final class FakeGraphApi implements AutoCloseable {
  record Sent(String path, String authorization, JsonNode body) {
    String to() {
      return body.path("to").asText();
    }

    String text() {
      return body.path("text").path("body").asText();
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();

  /** HTTP statuses to answer the next requests with instead of 200, in order. */
  private final BlockingQueue<Integer> failures = new LinkedBlockingQueue<>();

  FakeGraphApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          // the answer is decided before the request is visible: a test that saw its last reply and
          // scripts a failure for the next test's first must not have it taken by that last reply
          Integer failure = failures.poll();
          sent.add(
              new Sent(
                  ex.getRequestURI().getPath(),
                  ex.getRequestHeaders().getFirst("Authorization"),
                  JsonExchange.JSON.readTree(body)));
          byte[] answer =
              failure != null
                  ? "{\"error\":{\"message\":\"scripted failure\"}}".getBytes()
                  : "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.out\"}]}"
                      .getBytes();
          ex.sendResponseHeaders(failure != null ? failure : 200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v19.0";
  }

  Sent next() throws InterruptedException {
    Sent s = sent.poll(5, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no reply was sent to the Graph API");
    }
    return s;
  }

  /** The next request is answered with {@code status} (recorded all the same). */
  void failNext(int status) {
    failures.add(status);
  }

  boolean nothingMore() {
    return sent.isEmpty();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
