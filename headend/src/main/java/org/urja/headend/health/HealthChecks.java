package org.urja.headend.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's checks, run on demand ({@code /health}, {@code /health/live}, {@code /health/ready})
 * and periodically, so that the gauge {@code urja.health{check=…}} (1 up, 0 down) shows on {@code
 * /metrics} which check failed even when nobody asks {@code /health}.
 */
public final class HealthChecks {

  /** The checks of one run, in registration order; {@code up} only when every one is. */
  public record Report(boolean up, Map<String, HealthCheck.Result> checks) {
    public List<String> failed() {
      return checks.entrySet().stream()
          .filter(e -> !e.getValue().ok())
          .map(Map.Entry::getKey)
          .toList();
    }
  }

  private final List<HealthCheck> checks;
  private final Map<String, HealthCheck.Result> last = new ConcurrentHashMap<>();

  public HealthChecks(List<HealthCheck> checks, MeterRegistry registry) {
    this.checks = List.copyOf(checks);
    for (HealthCheck c : this.checks) {
      Gauge.builder(
              "urja.health", last, m -> m.containsKey(c.name()) && m.get(c.name()).ok() ? 1 : 0)
          .tag("check", c.name())
          .description(
              "1 when the check passed at its last run, 0 when it failed (see /health for why)")
          .register(registry);
    }
  }

  /** Liveness checks only: false means restart the process. */
  public Report live() {
    return run(true);
  }

  /** Every check: false means do not send work here now. */
  public Report ready() {
    return run(false);
  }

  private Report run(boolean livenessOnly) {
    Map<String, HealthCheck.Result> results = new LinkedHashMap<>();
    boolean up = true;
    for (HealthCheck c : checks) {
      if (livenessOnly && c.scope() != HealthCheck.Scope.LIVENESS) {
        continue;
      }
      HealthCheck.Result r;
      try {
        r = c.check();
      } catch (RuntimeException e) {
        r = HealthCheck.Result.down("check failed: " + e);
      }
      last.put(c.name(), r);
      results.put(c.name(), r);
      up &= r.ok();
    }
    return new Report(up, results);
  }
}
