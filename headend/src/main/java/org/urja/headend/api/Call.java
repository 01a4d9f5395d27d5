package org.urja.headend.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.auth.Principal;

/** One authorised request matched to a route: its principal, path parameters and query. */
public final class Call {
  private final HttpExchange exchange;
  private final Principal principal;
  private final Map<String, String> pathParams;
  private final Map<String, String> query = new HashMap<>();
  private JsonNode body;
  private String auditDetail;

  Call(HttpExchange exchange, Principal principal, Map<String, String> pathParams) {
    this.exchange = exchange;
    this.principal = principal;
    this.pathParams = pathParams;
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(k, v);
      }
    }
  }

  public Principal principal() {
    return principal;
  }

  public HttpExchange exchange() {
    return exchange;
  }

  public String path(String name) {
    return pathParams.get(name);
  }

  public Optional<String> query(String name) {
    String v = query.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public Optional<Instant> instant(String name) {
    return query(name)
        .map(
            v -> {
              try {
                return Instant.parse(v);
              } catch (DateTimeParseException e) {
                throw ApiError.badField(
                    name, name + " must be an ISO-8601 instant such as 2026-11-22T04:30:00Z");
              }
            });
  }

  public int integer(String name, int dflt, int min, int max) {
    Optional<String> v = query(name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw ApiError.badField(name, name + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badField(name, name + " must be a whole number");
    }
  }

  public Page page() {
    return new Page(integer("limit", 50, 1, 500), integer("offset", 0, 0, Integer.MAX_VALUE));
  }

  public JsonNode body() throws IOException {
    if (body == null) {
      body = JsonExchange.body(exchange);
    }
    return body;
  }

  /** The body as any JSON value (arrays included). */
  public JsonNode bodyTree() throws IOException {
    if (body == null) {
      body = JsonExchange.tree(exchange);
    }
    return body;
  }

  /** A few words for the audit row (what was acted on). */
  public void audit(String detail) {
    this.auditDetail = detail;
  }

  String auditDetail() {
    return auditDetail;
  }

  public void send(int status, Object value) throws IOException {
    JsonExchange.send(exchange, status, value);
  }
}
