package org.urja.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ingest counters, tagged by transport (tcp/mqtt) and, for errors, by reason, so that a dashboard
 * shows where the network hurts.
 */
public final class IngestMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<Key, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void frame(String transport) {
    counter("urja.ingest.frames", "transport", transport).increment();
  }

  public void readings(String transport, int n) {
    counter("urja.ingest.readings.received", "transport", transport).increment(n);
  }

  public void events(String transport, int n) {
    counter("urja.ingest.events.received", "transport", transport).increment(n);
  }

  public void decodeError(String transport, String reason) {
    counter("urja.ingest.decode.errors", "transport", transport, "reason", reason).increment();
  }

  /**
   * A push refused on security grounds (replay, unknown_system_title, auth_failed, serial_mismatch,
   * plain_refused): counted here and among the decode errors, so a dashboard of bad input sees it.
   */
  public void pushRefused(String transport, String reason) {
    counter("urja.ingest.push.refused", "transport", transport, "reason", reason).increment();
    decodeError(transport, reason);
  }

  /** From a push arriving at this node to its readings being committed. */
  public void pushCommitted(String transport, long receivedNanos) {
    timers
        .computeIfAbsent(
            transport,
            t ->
                Timer.builder("urja.ingest.push.commit.latency")
                    .tag("transport", t)
                    .publishPercentiles(0.5, 0.99)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
  }

  public void connectionClosedOnError(String reason) {
    counter("urja.ingest.connections.rejected", "reason", reason).increment();
  }

  public double decodeErrors() {
    return registry.find("urja.ingest.decode.errors").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  public double readingsReceived() {
    return registry.find("urja.ingest.readings.received").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** Counters are looked up per push: keyed without building strings on the hot path. */
  private Counter counter(String name, String... tags) {
    Key key = new Key(name, List.of(tags));
    Counter c = counters.get(key);
    return c != null
        ? c
        : counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
  }

  private record Key(String name, List<String> tags) {}
}
