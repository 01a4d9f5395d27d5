package org.urja.headend.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head-end's HTTP endpoint (JDK HttpServer: no servlet container to configure for a handful
 * of operational routes). {@code /metrics} serves Prometheus text; other routes are added by
 * their owners.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "urja-http");
    t.setDaemon(true);
    return t;
  });

  public HttpApi(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 256);
    server.setExecutor(executor);
  }

  public HttpApi route(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      try {
        handler.handle(exchange);
      } catch (RuntimeException | IOException e) {
        log.warn("HTTP {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        send(exchange, 500, "application/json", "{\"code\":\"internal_error\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
      } finally {
        exchange.close();
      }
    });
    return this;
  }

  public HttpApi start() {
    server.start();
    log.info("HTTP on port {} (/metrics, /health)", port());
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
