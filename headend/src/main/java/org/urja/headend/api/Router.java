package org.urja.headend.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.urja.headend.api.auth.ApiKeys;
import org.urja.headend.api.auth.AuditLog;
import org.urja.headend.api.auth.Principal;
import org.urja.headend.api.auth.Role;

/**
 * The API's routes: method + path template ({@code /api/meters/{serial}}) + the roles allowed.
 * Authentication, role checks, JSON errors and the audit of state-changing calls happen here once,
 * so a handler only does its work. The route table is also the source of {@code /openapi.json}.
 */
public final class Router {

  /** A handler of one matched, authorised call. */
  public interface Handler {
    void handle(Call call) throws Exception;
  }

  /**
   * @param body the JSON body's fields, for {@code /openapi.json} (handlers validate their input
   *     themselves and name the field at fault)
   * @param responses what the route answers besides the errors every route of its kind can give
   *     ({@link OpenApi} adds those)
   * @param handler null for a route served outside {@code /api} (health, metrics, webhooks, signed
   *     documents): declared here only so that the document is complete
   */
  public record Route(
      String method,
      String template,
      Set<Role> roles,
      String summary,
      Pattern pattern,
      List<String> params,
      Handler handler,
      List<Field> body,
      List<Response> responses) {

    Route withBody(List<Field> fields) {
      return new Route(
          method, template, roles, summary, pattern, params, handler, fields, responses);
    }

    Route with(Response r) {
      List<Response> more = new ArrayList<>(responses);
      more.add(r);
      return new Route(
          method, template, roles, summary, pattern, params, handler, body, List.copyOf(more));
    }

    /** Served by its own HTTP handler and open to anyone (or checked its own way). */
    public boolean external() {
      return handler == null;
    }
  }

  /** Query parameters as summaries list them: {@code (?utility, ?status, ?limit, ?offset)}. */
  static final Pattern QUERY_PARAM = Pattern.compile("\\?(\\w+)");

  public static final String CONSUMER_HEADER = "X-Urja-Consumer";
  private final List<Route> routes = new ArrayList<>();
  private final ApiKeys keys;
  private final AuditLog audit;

  public Router(ApiKeys keys, AuditLog audit) {
    this.keys = keys;
    this.audit = audit;
  }

  public Router add(
      String method, String template, Set<Role> roles, String summary, Handler handler) {
    List<String> params = new ArrayList<>();
    Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      params.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    routes.add(
        new Route(
            method,
            template,
            Set.copyOf(roles),
            summary,
            Pattern.compile(regex.toString()),
            params,
            handler,
            List.of(),
            List.of()));
    return this;
  }

  /**
   * Declares a route another HTTP handler serves outside {@code /api} (health, metrics, webhooks,
   * signed documents), so that {@code /openapi.json} lists every route the node answers.
   */
  public Router external(String method, String template, String summary) {
    add(method, template, Set.of(), summary, null);
    Route r = routes.remove(routes.size() - 1);
    routes.add(
        new Route(
            r.method(),
            r.template(),
            r.roles(),
            r.summary(),
            Pattern.compile("(?!)"), // never matched by handle(): its own handler serves it
            r.params(),
            null,
            List.of(),
            List.of()));
    return this;
  }

  /** Describes the JSON body of the route added last. */
  public Router body(Field... fields) {
    return amend(r -> r.withBody(List.of(fields)));
  }

  /** The route added last answers {@code status} with a JSON body of this schema. */
  public Router returns(int status, com.fasterxml.jackson.databind.node.ObjectNode schema) {
    return amend(r -> r.with(Response.json(status, schema)));
  }

  /** The route added last answers {@code status} with a body of another media type. */
  public Router returns(int status, String mediaType, String description) {
    return amend(r -> r.with(Response.content(status, mediaType, description)));
  }

  /** The route added last can answer {@code status} with these error codes. */
  public Router fails(int status, String... codes) {
    return amend(r -> r.with(Response.error(status, codes)));
  }

  private Router amend(java.util.function.UnaryOperator<Route> change) {
    routes.add(change.apply(routes.remove(routes.size() - 1)));
    return this;
  }

  public static Set<Role> operator() {
    return EnumSet.of(Role.OPERATOR);
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  public void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath().replaceAll("(?<=.)/+$", "");
    Principal who = null;
    Call call = null;
    try {
      who = authenticate(ex);
      Route route = null;
      Map<String, String> params = new LinkedHashMap<>();
      boolean pathKnown = false;
      for (Route r : routes) {
        Matcher m = r.pattern().matcher(path);
        if (m.matches()) {
          pathKnown = true;
          if (r.method().equals(method)) {
            route = r;
            for (int i = 0; i < r.params().size(); i++) {
              params.put(
                  r.params().get(i),
                  java.net.URLDecoder.decode(
                      m.group(i + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
            break;
          }
        }
      }
      if (route == null) {
        throw pathKnown
            ? new ApiError(405, "method_not_allowed", method + " is not supported on " + path, null)
            : new ApiError(404, "not_found", path + " is not an endpoint; see /openapi.json", null);
      }
      if (!route.roles().contains(who.role())) {
        throw new ApiError(
            403,
            "forbidden",
            "a " + who.role().wire() + " key may not call " + method + " " + route.template(),
            null);
      }
      call = new Call(ex, who, params);
      route.handler().handle(call);
    } catch (ApiError e) {
      JsonExchange.error(ex, e);
    } catch (ArithmeticException e) {
      // Math.*Exact on money: a number out of range is the caller's input, never a 500
      JsonExchange.error(
          ex,
          new ApiError(
              422, "number_out_of_range", "a number in this request is out of range", null));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    } finally {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        // no response yet means the handler failed and HttpApi answers 500
        int status = ex.getResponseCode() < 0 ? 500 : ex.getResponseCode();
        audit.record(who, method, path, status, call == null ? null : call.auditDetail());
      }
    }
  }

  private Principal authenticate(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String secret = null;
    if (auth != null && auth.startsWith("Bearer ")) {
      secret = auth.substring(7).trim();
    } else if (ex.getRequestHeaders().getFirst("X-Api-Key") != null) {
      secret = ex.getRequestHeaders().getFirst("X-Api-Key").trim();
    }
    if (secret == null || secret.isEmpty()) {
      throw new ApiError(
          401, "unauthorised", "send Authorization: Bearer <api key> (or X-Api-Key)", null);
    }
    Principal p =
        keys.authenticate(secret)
            .orElseThrow(
                () ->
                    new ApiError(401, "unauthorised", "this API key is unknown or revoked", null));
    return onBehalfOf(p, ex.getRequestHeaders().getFirst(CONSUMER_HEADER));
  }

  /**
   * A consumer channel serving many consumers with one key (a self-care app's backend) names the
   * consumer it has signed in with {@code X-Urja-Consumer}; links and reads are then that
   * consumer's alone. Without the header the key itself is the consumer.
   */
  static Principal onBehalfOf(Principal p, String consumer) {
    if (consumer == null || !p.is(Role.CONSUMER_CHANNEL)) {
      return p;
    }
    if (!consumer.matches("[A-Za-z0-9+._@-]{1,64}")) {
      throw new ApiError(
          400,
          "invalid_field",
          CONSUMER_HEADER + " must be 1-64 letters, digits or + . _ @ -",
          CONSUMER_HEADER);
    }
    return new Principal(p.subject() + "/" + consumer, p.name(), p.role(), p.utilityId());
  }

  /** The OpenAPI 3 document of the route table. */
  public ObjectNode openApi() {
    return new OpenApi(routes()).document();
  }
}
