package org.urja.headend.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.urja.headend.api.Router.Route;
import org.urja.headend.api.auth.Role;

/**
 * The OpenAPI 3 document of the route table: each route's roles, parameters, body, and every answer
 * it can give — the ones it declares and the errors every route of its kind can give (no key, wrong
 * role, a bad body, an unknown path parameter, an overloaded node).
 */
final class OpenApi {
  private static final String ERROR = "#/components/schemas/Error";
  private final List<Route> routes;

  OpenApi(List<Route> routes) {
    this.routes = routes;
  }

  ObjectNode document() {
    ObjectNode doc = JsonExchange.JSON.createObjectNode();
    doc.put("openapi", "3.0.3");
    doc.putObject("info").put("title", "Urja head-end API").put("version", "1");
    ObjectNode components = doc.putObject("components");
    components
        .putObject("securitySchemes")
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer");
    components
        .putObject("schemas")
        .set(
            "Error",
            Schema.object(
                Field.required("code", "string").about("stable, for programs"),
                Field.required("message", "string").about("for people"),
                Field.optional("field", "string").about("the input at fault, when one is")));
    doc.putArray("security").addObject().putArray("bearer");
    ObjectNode paths = doc.putObject("paths");
    for (Route r : routes) {
      ObjectNode path =
          paths.has(r.template())
              ? (ObjectNode) paths.get(r.template())
              : paths.putObject(r.template());
      path.set(r.method().toLowerCase(), operation(r));
    }
    return doc;
  }

  private ObjectNode operation(Route r) {
    ObjectNode op = JsonExchange.JSON.createObjectNode();
    op.put("summary", r.summary());
    op.put("operationId", r.method().toLowerCase() + r.template().replaceAll("[^A-Za-z0-9]+", "_"));
    if (r.external()) {
      op.put("description", "served outside /api: no API key");
      op.putArray("security"); // an empty list: no scheme required
    } else {
      op.put(
          "description",
          "roles: " + String.join(", ", r.roles().stream().map(Role::wire).sorted().toList()));
    }
    ArrayNode ps = op.putArray("parameters");
    for (String p : r.params()) {
      ps.addObject()
          .put("name", p)
          .put("in", "path")
          .put("required", true)
          .putObject("schema")
          .put("type", "string");
    }
    Set<String> query = new LinkedHashSet<>();
    Matcher q = Router.QUERY_PARAM.matcher(r.summary());
    while (q.find()) {
      query.add(q.group(1));
    }
    for (String name : query) {
      ps.addObject()
          .put("name", name)
          .put("in", "query")
          .put("required", false)
          .putObject("schema")
          .put("type", "string");
    }
    if (!r.body().isEmpty()) {
      op.putObject("requestBody")
          .put("required", true)
          .putObject("content")
          .putObject(Response.JSON)
          .set("schema", Schema.object(r.body().toArray(Field[]::new)));
    }
    ObjectNode responses = op.putObject("responses");
    answers(r, !query.isEmpty())
        .forEach((status, answer) -> responses.set(Integer.toString(status), answer));
    return op;
  }

  /** Declared answers merged with the errors the route's kind can give, by status. */
  private Map<Integer, ObjectNode> answers(Route r, boolean hasQuery) {
    Map<Integer, Set<String>> errors = new TreeMap<>();
    if (!r.external()) {
      add(errors, 401, "unauthorised");
      add(errors, 403, "forbidden");
    }
    if (!r.body().isEmpty()) {
      add(errors, 400, "invalid_json", "invalid_field");
      add(errors, 413, "body_too_large");
      add(errors, 422, "number_out_of_range");
    }
    if (hasQuery) {
      add(errors, 400, "invalid_field");
    }
    if (!r.params().isEmpty() && !r.external()) {
      add(errors, 404);
    }
    add(errors, 500, "internal_error");
    add(errors, 503, "overloaded");
    Map<Integer, ObjectNode> out = new TreeMap<>();
    for (Response d : r.responses()) {
      if (d.isError()) {
        add(errors, d.status(), d.codes().toArray(String[]::new));
      } else {
        out.put(d.status(), success(d));
      }
    }
    errors.forEach(
        (status, codes) -> {
          ObjectNode a = JsonExchange.JSON.createObjectNode();
          a.put(
              "description",
              Response.meaning(status) + (codes.isEmpty() ? "" : ": " + String.join(", ", codes)));
          a.putObject("content").putObject(Response.JSON).putObject("schema").put("$ref", ERROR);
          out.put(status, a);
        });
    return out;
  }

  private static ObjectNode success(Response d) {
    ObjectNode a = JsonExchange.JSON.createObjectNode().put("description", d.description());
    ObjectNode media = a.putObject("content").putObject(d.mediaType());
    if (d.schema() != null) {
      media.set("schema", d.schema());
    } else if (d.mediaType().startsWith("text/")) {
      media.putObject("schema").put("type", "string");
    } else {
      media.putObject("schema").put("type", "string").put("format", "binary");
    }
    return a;
  }

  private static void add(Map<Integer, Set<String>> errors, int status, String... codes) {
    Set<String> set = errors.computeIfAbsent(status, s -> new LinkedHashSet<>());
    set.addAll(List.of(codes));
  }
}
