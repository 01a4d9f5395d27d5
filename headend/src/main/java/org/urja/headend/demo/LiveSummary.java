package org.urja.headend.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.urja.simulator.fleet.Fleet;

/** The demo's one-line status, printed every few seconds. */
final class LiveSummary {
  private final MeterRegistry registry;
  private final List<Fleet> fleets;
  private double lastStored;
  private long lastNanos = System.nanoTime();

  LiveSummary(MeterRegistry registry, List<Fleet> fleets) {
    this.registry = registry;
    this.fleets = fleets;
  }

  String line(int tcpConnections) {
    double stored = sum("urja.ingest.rows.written", "inserted", "reading");
    double dup = sum("urja.ingest.rows.written", "duplicate", "reading");
    double errors =
        registry.find("urja.ingest.decode.errors").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
    double queue =
        registry.find("urja.ingest.queue.rows").gauges().stream().mapToDouble(g -> g.value()).sum();
    long now = System.nanoTime();
    double rate = (stored - lastStored) / ((now - lastNanos) / 1e9);
    lastStored = stored;
    lastNanos = now;
    long pushes = fleets.stream().mapToLong(f -> f.stats().pushes()).sum();
    return String.format(
        "meters connected (tcp) %,d | pushes sent %,d | readings stored %,.0f (%,.0f/s) | duplicates skipped %,.0f | queue %,.0f | decode errors %,.0f",
        tcpConnections, pushes, stored, rate, dup, queue, errors);
  }

  private double sum(String name, String outcome, String kind) {
    return registry.find(name).tag("outcome", outcome).tag("kind", kind).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
