package org.urja.ingest.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's heartbeat for its ingest client id and adopts, one at a time, the session of a
 * node of the same share group that went silent: with Mosquitto a departed member's session keeps
 * getting its share of a shared subscription until the session expires, and the broker discards
 * what it queued there. A node adopts only after its own heartbeat has run without a gap for {@link
 * SessionAdoptionConfig#adoptAfter()}, so after a database or broker outage, when every heartbeat
 * is old, no live node is taken for a departed one.
 */
final class SessionAdoption implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionAdoption.class);

  private final String ownId;
  private final String group;
  private final SessionAdoptionConfig cfg;
  private final BrokerSettings broker;
  private final List<String> ownFilters;
  private final SessionHeartbeats beats;
  private final RememberedSubscriptions remembered;
  private final BooleanSupplier connected;
  private final BooleanSupplier speaksV5;
  private final IngestClient.Deliveries ingest;
  private final Counter adopted;
  private final Counter drained;
  private final ScheduledExecutorService heart =
      Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("mqtt-heartbeat", true));
  private final ExecutorService adopter =
      Executors.newSingleThreadExecutor(new DefaultThreadFactory("mqtt-adopt", true));
  private volatile Long steadySince;
  private volatile boolean starting = true;
  private volatile Future<?> adopting;
  private boolean beatFailed;

  SessionAdoption(
      MqttIngestConfig config,
      SessionHeartbeats beats,
      RememberedSubscriptions remembered,
      BooleanSupplier connected,
      BooleanSupplier speaksV5,
      IngestClient.Deliveries ingest,
      MeterRegistry registry) {
    this.ownId = config.broker().clientId();
    this.group = config.shareGroup();
    this.cfg = config.adoption();
    this.broker = config.broker();
    this.ownFilters = config.topicFilters();
    this.beats = beats;
    this.remembered = remembered;
    this.connected = connected;
    this.speaksV5 = speaksV5;
    this.ingest = ingest;
    this.adopted = registry.counter("urja.ingest.mqtt.sessions.adopted");
    this.drained = registry.counter("urja.ingest.mqtt.adoption.messages");
  }

  /**
   * Starts adoption for a node on a shared subscription with {@code mqtt.adopt} on (see {@link
   * #start()}), and returns it; otherwise (plain topics, a node being retired, adoption off) takes
   * the node's id out of the heartbeats, so no live node adopts it while it runs, and returns null.
   */
  static SessionAdoption forNode(
      MqttIngestConfig cfg,
      MqttIngestState state,
      BooleanSupplier connected,
      BooleanSupplier speaksV5,
      IngestClient.Deliveries ingest,
      MeterRegistry registry)
      throws InterruptedException {
    String id = cfg.broker().clientId();
    if (!cfg.adoption().enabled() || cfg.shareGroup().isEmpty()) {
      try {
        awaitAdopterLettingGo(state.heartbeats().withdraw(id), cfg.adoption().heartbeat(), id);
      } catch (SQLException e) {
        log.warn("{}: could not withdraw from session adoption: {}", id, e.toString());
      }
      return null;
    }
    SessionAdoption a =
        new SessionAdoption(
            cfg, state.heartbeats(), state.subscriptions(), connected, speaksV5, ingest, registry);
    a.start();
    return a;
  }

  /**
   * Takes this node's client id back from any adopter (call before connecting: the adopter lets go
   * at its next renewal instead of being cut off by the broker), then beats every heartbeat, also
   * while the node's own client is still connecting (call {@link #connected()} once it is).
   */
  void start() throws InterruptedException {
    Optional<String> adopter = Optional.empty();
    try {
      adopter = beats.beat(ownId, group);
    } catch (SQLException e) {
      log.warn("{}: could not record its MQTT heartbeat: {}", ownId, e.toString());
    }
    long every = cfg.heartbeat().toMillis();
    heart.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    awaitAdopterLettingGo(adopter, cfg.heartbeat(), ownId);
  }

  /**
   * The adopter checks its claim every heartbeat and lets go; connecting at once would race its
   * connection (the broker keeps the later of two under one client id). Either way nothing is lost,
   * but the owner would be cut off once and reconnect.
   */
  static void awaitAdopterLettingGo(Optional<String> adopter, Duration heartbeat, String ownId)
      throws InterruptedException {
    if (adopter.isPresent()) {
      Duration grace = heartbeat.multipliedBy(2).plusSeconds(1);
      log.info(
          "{}: node {} was adopting this node's MQTT session; taking it back (connecting in {})",
          ownId,
          adopter.get(),
          grace);
      TimeUnit.MILLISECONDS.sleep(grace.toMillis());
    }
  }

  /**
   * The node's own client has connected (or failed to): from now on it beats only while connected.
   */
  void connected() {
    starting = false;
  }

  private void tick() {
    try {
      boolean up = connected.getAsBoolean();
      if (!up && !starting) {
        steadySince = null;
        return;
      }
      Optional<String> prior;
      try {
        prior = beats.beat(ownId, group);
      } catch (SQLException e) {
        steadySince = null;
        if (!beatFailed) {
          log.warn("{}: could not record its MQTT heartbeat: {}", ownId, e.toString());
        }
        beatFailed = true;
        return;
      }
      beatFailed = false;
      prior.ifPresent(by -> log.info("{}: took its MQTT session back from node {}", ownId, by));
      if (!up) {
        return; // still connecting: alive, so not adoptable, but not adopting either
      }
      long now = System.nanoTime();
      if (steadySince == null) {
        steadySince = now;
      }
      Future<?> busy = adopting;
      if ((busy != null && !busy.isDone()) || now - steadySince < cfg.adoptAfter().toNanos()) {
        return;
      }
      Optional<SessionHeartbeats.Claimed> claimed =
          beats.claim(group, ownId, cfg.adoptAfter(), cfg.adoptAfter());
      if (claimed.isPresent()) {
        adopting = adopter.submit(() -> adopt(claimed.get()));
      }
    } catch (Throwable t) {
      // a scheduled task that throws is never run again: this one must keep beating
      log.warn("{}: MQTT heartbeat round failed: {}", ownId, t.toString());
    }
  }

  private void adopt(SessionHeartbeats.Claimed departed) {
    String id = departed.clientId();
    log.info(
        "adopting the MQTT session of {} (last heard of {}, {}): draining what the broker holds"
            + " for it",
        id,
        departed.lastHeartbeat(),
        departed.stoppedCleanly() ? "stopped" : "no clean stop");
    SessionAdopter session = null;
    try {
      List<String> filters = new ArrayList<>(remembered.previous(id));
      if (filters.isEmpty()) {
        filters.addAll(ownFilters); // it never recorded its own: it ran the group's filters
      }
      session =
          new SessionAdopter(broker.withClientId(id), speaksV5.getAsBoolean(), filters, ingest);
      SessionAdopter.Outcome outcome =
          session.run(
              () -> beats.renew(id, ownId, cfg.adoptAfter()),
              cfg.heartbeat(),
              cfg.drainIdle(),
              cfg.adoptAfter().multipliedBy(4));
      if (outcome == SessionAdopter.Outcome.ENDED) {
        beats.forget(id, ownId);
        adopted.increment();
        log.info(
            "adopted the MQTT session of {}: stored {} message(s) it held, and the broker dropped it",
            id,
            session.drained());
      } else {
        beats.release(id, ownId, cfg.adoptAfter());
        log.info(
            "adoption of the MQTT session of {} {} after {} message(s); its session is kept",
            id,
            outcome == SessionAdopter.Outcome.YIELDED ? "yielded" : "not finished",
            session.drained());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      releaseQuietly(id);
    } catch (Exception e) {
      log.warn("adoption of the MQTT session of {} failed: {}", id, e.toString());
      releaseQuietly(id);
    } finally {
      if (session != null) {
        drained.increment(session.drained());
      }
    }
  }

  private void releaseQuietly(String id) {
    try {
      beats.release(id, ownId, Duration.ZERO);
    } catch (SQLException e) {
      log.debug("could not release the claim on {}: {}", id, e.toString());
    }
  }

  /** Stops adopting (an adoption under way disconnects keeping the session), marks a clean stop. */
  @Override
  public void close() {
    heart.shutdownNow();
    adopter.shutdownNow();
    try {
      heart.awaitTermination(5, TimeUnit.SECONDS);
      adopter.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      beats.stopped(ownId);
    } catch (SQLException e) {
      log.debug("{}: could not record its clean stop: {}", ownId, e.toString());
    }
  }
}
