package org.urja.headend.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One answer a route can give, as {@code /openapi.json} describes it: a status, what it means, and
 * its body (a JSON schema, another media type, or the error body with the codes it can carry).
 *
 * @param schema the JSON body's schema; null for an error (the shared error body) or a non-JSON
 *     body
 * @param mediaType {@code application/json} or, e.g., {@code application/pdf}
 * @param codes error codes this status carries ({@code {"code": …}}); empty on a success
 */
public record Response(
    int status, String description, String mediaType, ObjectNode schema, List<String> codes) {

  public static final String JSON = "application/json";

  public static Response json(int status, ObjectNode schema) {
    return new Response(status, meaning(status), JSON, schema, List.of());
  }

  public static Response content(int status, String mediaType, String description) {
    return new Response(status, description, mediaType, null, List.of());
  }

  public static Response error(int status, String... codes) {
    return new Response(status, meaning(status), JSON, null, List.of(codes));
  }

  public boolean isError() {
    return status >= 400;
  }

  static String meaning(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted: done in the background";
      case 204 -> "No content";
      case 400 -> "The request is malformed or a field is invalid";
      case 401 -> "No key, or an unknown or revoked key";
      case 403 -> "This key may not do this";
      case 404 -> "Not found";
      case 409 -> "Conflicts with the current state";
      case 410 -> "Gone (expired)";
      case 413 -> "Body too large";
      case 422 -> "Refused by a rule";
      case 429 -> "Too many attempts";
      case 500 -> "Internal error";
      case 503 -> "Unavailable or overloaded (Retry-After)";
      case 504 -> "The meter did not answer in time";
      default -> "HTTP " + status;
    };
  }
}
