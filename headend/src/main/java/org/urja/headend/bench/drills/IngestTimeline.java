package org.urja.headend.bench.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, once a second, the readings the head-end nodes report inserted and their TCP
 * connections, from their {@code /metrics}. A node restarted after {@code kill -9} starts counting
 * from zero, so the timeline adds up each node's increases rather than its totals.
 */
final class IngestTimeline implements AutoCloseable {
  /**
   * One sample: nanoTime, readings inserted by all nodes since the drill began, TCP connections
   * open now.
   */
  record Sample(long nanos, double inserted, double connected) {}

  private final List<HeadEndNode> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Double> lastSeen = new HashMap<>();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "urja-drill-timeline");
            t.setDaemon(true);
            return t;
          });
  private double inserted;

  IngestTimeline(List<HeadEndNode> nodes) {
    this.nodes.addAll(nodes);
    timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  private void sample() {
    Map<String, String> texts = new HashMap<>();
    for (HeadEndNode n : nodes) {
      n.metrics().ifPresent(t -> texts.put(n.name(), t));
    }
    double connected = 0;
    synchronized (this) {
      for (var e : texts.entrySet()) {
        double now =
            HeadEndNode.sample(
                    e.getValue(),
                    "urja_ingest_rows_written_total",
                    "kind=\"reading\"",
                    "outcome=\"inserted\"")
                .orElse(0);
        double before = lastSeen.getOrDefault(e.getKey(), 0.0);
        inserted += now >= before ? now - before : now;
        lastSeen.put(e.getKey(), now);
        connected +=
            HeadEndNode.sample(e.getValue(), "urja_ingest_connections", "transport=\"tcp\"")
                .orElse(0);
      }
      samples.add(new Sample(System.nanoTime(), inserted, connected));
    }
  }

  /** A node that joins during the drill. */
  void add(HeadEndNode n) {
    nodes.add(n);
  }

  /** Forget a node's last total: it was killed and its next JVM counts from zero. */
  synchronized void restarted(HeadEndNode n) {
    lastSeen.remove(n.name());
  }

  synchronized double inserted() {
    return inserted;
  }

  synchronized Sample latest() {
    return samples.isEmpty()
        ? new Sample(System.nanoTime(), 0, 0)
        : samples.get(samples.size() - 1);
  }

  /**
   * Seconds from {@code faultEndNanos} until ingest was back at rate: the end of the first 3-second
   * window after it in which the nodes inserted at least 90 % of the offered readings per second (a
   * backlog drains above the offered rate, so this is when the head-end works again, not when it
   * has caught up). Empty if that never happened.
   */
  synchronized OptionalDouble recoverySeconds(long faultEndNanos, double offeredPerSecond) {
    List<Sample> after = samples.stream().filter(s -> s.nanos() >= faultEndNanos).toList();
    for (int i = 3; i < after.size(); i++) {
      Sample a = after.get(i - 3);
      Sample b = after.get(i);
      double rate = (b.inserted() - a.inserted()) / ((b.nanos() - a.nanos()) / 1e9);
      if (rate >= 0.9 * offeredPerSecond) {
        return OptionalDouble.of((b.nanos() - faultEndNanos) / 1e9);
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * Seconds from {@code fromNanos} until the nodes together held {@code meters} TCP connections.
   */
  synchronized OptionalDouble secondsUntilConnected(long fromNanos, long meters) {
    return samples.stream()
        .filter(s -> s.nanos() >= fromNanos && s.connected() >= meters)
        .findFirst()
        .map(s -> OptionalDouble.of((s.nanos() - fromNanos) / 1e9))
        .orElse(OptionalDouble.empty());
  }

  /**
   * Waits until no node has inserted anything for {@code quiet} (their queues drained), at most
   * {@code max}.
   */
  void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    double last = -1;
    long stillSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      TimeUnit.SECONDS.sleep(1);
      double now = inserted();
      if (now != last) {
        last = now;
        stillSince = System.nanoTime();
      } else if (System.nanoTime() - stillSince >= quiet.toNanos()) {
        return;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
