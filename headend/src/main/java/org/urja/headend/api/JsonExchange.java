package org.urja.headend.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import org.urja.headend.http.HttpApi;

/** Reading JSON requests and writing JSON answers, errors included, in one place. */
public final class JsonExchange {
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final int MAX_BODY = 64 * 1024;

  private JsonExchange() {}

  public static JsonNode body(HttpExchange ex) throws IOException {
    JsonNode n = tree(ex);
    if (!n.isObject()) {
      throw new ApiError(400, "invalid_json", "request body must be a JSON object", null);
    }
    return n;
  }

  /** Any JSON value (an object or an array), for endpoints that take lists. */
  public static JsonNode tree(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new ApiError(413, "body_too_large", "request body over " + MAX_BODY + " bytes", null);
      }
      JsonNode n = JSON.readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw new ApiError(400, "invalid_json", "request body is empty", null);
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiError(
          400, "invalid_json", "request body is not valid JSON: " + e.getOriginalMessage(), null);
    }
  }

  public static void send(HttpExchange ex, int status, Object value) throws IOException {
    HttpApi.send(ex, status, "application/json", JSON.writeValueAsString(value));
  }

  public static void error(HttpExchange ex, ApiError e) throws IOException {
    ObjectNode n = JSON.createObjectNode().put("code", e.code()).put("message", e.getMessage());
    if (e.field() != null) {
      n.put("field", e.field());
    }
    send(ex, e.status(), n);
  }

  public static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiError.badField(field, field + " is required and must be a non-empty string");
    }
    return v.asText().trim();
  }

  public static long positiveLong(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0) {
      throw ApiError.badField(field, field + " is required and must be a positive whole number");
    }
    return v.asLong();
  }
}
