package org.urja.headend.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small HTTP client for API tests: JSON in, status and JSON out. */
public final class ApiClient {
  public record Answer(int status, JsonNode json) {
    public String code() {
      return json.path("code").asText();
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Answer get(String key, String path) throws Exception {
    return send(key, HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Answer post(String key, String path, String json) throws Exception {
    return send(
        key,
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer put(String key, String path, String json) throws Exception {
    return send(
        key,
        HttpRequest.newBuilder(URI.create(base + path))
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer delete(String key, String path) throws Exception {
    return send(key, HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** A GET on behalf of one consumer of a shared consumer-channel key. */
  public Answer getAs(String key, String consumer, String path) throws Exception {
    return send(
        key,
        HttpRequest.newBuilder(URI.create(base + path)).header("X-Urja-Consumer", consumer).GET());
  }

  public Answer postAs(String key, String consumer, String path, String json) throws Exception {
    return send(
        key,
        HttpRequest.newBuilder(URI.create(base + path))
            .header("X-Urja-Consumer", consumer)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Answer send(String key, HttpRequest.Builder b) throws Exception {
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> r =
        http.send(
            b.header("Content-Type", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode json =
        r.body().isEmpty() ? JsonExchange.JSON.nullNode() : JsonExchange.JSON.readTree(r.body());
    return new Answer(r.statusCode(), json);
  }
}
