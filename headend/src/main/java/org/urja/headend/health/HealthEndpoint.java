package org.urja.headend.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.function.Supplier;
import org.urja.headend.api.Field;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.http.HttpApi;

/**
 * {@code GET /health} and {@code /health/ready} run every check, {@code /health/live} the liveness
 * checks only. 200 with each check's state, or 503 with {@code failed} naming what is down: a load
 * balancer uses ready, a service manager or orchestrator restarts on live.
 */
public final class HealthEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HealthChecks checks;

  public HealthEndpoint(HealthChecks checks) {
    this.checks = checks;
  }

  /** Declares the health routes in the API's document; they are served by {@link #register}. */
  public static void describe(Router r) {
    ObjectNode report =
        Schema.with(
            Schema.row("status"),
            Field.optional("failed", "array").about("names of the failed checks"),
            Field.required("checks", "object").about("name → {status: up|down, detail}"));
    r.external("GET", "/health", "readiness (as /health/ready)").returns(200, report).fails(503);
    r.external("GET", "/health/ready", "ready: database, writer, charging feed, listeners")
        .returns(200, report)
        .fails(503);
    r.external("GET", "/health/live", "alive: the process answers").returns(200, report).fails(503);
  }

  public void register(HttpApi http) {
    http.route("/health/live", ex -> answer(ex, checks::live));
    http.route("/health/ready", ex -> answer(ex, checks::ready));
    http.route("/health", ex -> answer(ex, checks::ready));
  }

  private static void answer(HttpExchange ex, Supplier<HealthChecks.Report> run)
      throws IOException {
    HealthChecks.Report report = run.get();
    ObjectNode body = JSON.createObjectNode();
    body.put("status", report.up() ? "up" : "down");
    if (!report.up()) {
      body.putPOJO("failed", report.failed());
    }
    ObjectNode each = body.putObject("checks");
    report
        .checks()
        .forEach(
            (name, r) ->
                each.putObject(name)
                    .put("status", r.ok() ? "up" : "down")
                    .put("detail", r.detail()));
    HttpApi.send(ex, report.up() ? 200 : 503, "application/json", JSON.writeValueAsString(body));
  }
}
