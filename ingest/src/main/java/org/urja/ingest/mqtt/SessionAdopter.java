package org.urja.ingest.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.mqtt.TopicSubscriptions;

/**
 * One adoption of a departed node's session: connects under its client id (clean start false, so
 * the broker hands over what it queued there), leaves that node's filters so the share group stops
 * routing to the session, stores everything it receives through the node's own ingest path
 * (acknowledged after commit), and, once nothing has arrived for a while and every message is
 * acknowledged, disconnects ending the session. Anything short of that (the connection lost, a
 * message left unacknowledged, the claim gone) disconnects keeping the session, so nothing it still
 * holds is lost: the owner or a later adoption gets it.
 */
final class SessionAdopter implements SessionPlan {
  private static final Logger log = LoggerFactory.getLogger(SessionAdopter.class);
  private static final long POLL_MILLIS = 100;

  /** How an adoption ended. */
  enum Outcome {
    /** drained and the broker dropped the session */
    ENDED,
    /** stopped keeping the session: the owner took it back, or the claim is no longer ours */
    YIELDED,
    /** stopped keeping the session: the connection failed, or messages stayed unacknowledged */
    UNFINISHED
  }

  /** Asked every heartbeat: renews the claim; false when it is no longer this node's. */
  @FunctionalInterface
  interface Claim {
    boolean renew() throws Exception;
  }

  private final BrokerSettings broker;
  private final boolean v5;
  private final List<String> filters;
  private final IngestClient.Deliveries ingest;
  private final CompletableFuture<Void> left = new CompletableFuture<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong drained = new AtomicLong();
  private volatile long lastActivity = System.nanoTime();

  /**
   * @param broker the node's broker settings with the departed client id
   * @param v5 speak MQTT 5 (as the node's own client does); false: 3.1.1
   * @param filters what the departed id held; unsubscribed on connect
   * @param ingest the node's own handling of a delivered message (commit, then acknowledge)
   */
  SessionAdopter(
      BrokerSettings broker, boolean v5, List<String> filters, IngestClient.Deliveries ingest) {
    this.broker = broker;
    this.v5 = v5;
    this.filters = List.copyOf(filters);
    this.ingest = ingest;
  }

  /** Messages stored and acknowledged through this adoption. */
  long drained() {
    return drained.get();
  }

  /**
   * @param renewEvery how often the claim is renewed while draining
   * @param idle nothing arrived for this long and nothing unacknowledged: drained
   * @param stuckAfter nothing acknowledged for this long while messages wait: given up, the session
   *     kept (a message that failed stays with the session for the next attempt)
   */
  Outcome run(Claim claim, Duration renewEvery, Duration idle, Duration stuckAfter)
      throws InterruptedException {
    IngestClient client =
        v5
            ? new V5IngestClient(broker, this, this::arrived)
            : new V3IngestClient(broker, this, this::arrived);
    try {
      client.start();
    } catch (Exception e) {
      client.close();
      if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("node stopping");
      }
      log.warn("could not adopt the MQTT session of {}: {}", broker.clientId(), e.toString());
      return Outcome.UNFINISHED;
    }
    if (!renewedOrUnknown(claim)) {
      // the owner came back while this connected
      client.close();
      return Outcome.YIELDED;
    }
    lastActivity = System.nanoTime();
    long renewed = lastActivity;
    while (true) {
      long now = System.nanoTime();
      if (!client.isConnected()) {
        // no automatic reconnect: the owner, back under its id, made the broker close this one
        client.close();
        return Outcome.UNFINISHED;
      }
      if (now - renewed >= renewEvery.toNanos()) {
        renewed = now;
        if (!renewedOrUnknown(claim)) {
          client.close();
          return Outcome.YIELDED;
        }
      }
      long quiet = now - lastActivity;
      if (quiet >= idle.toNanos() && pending.get() == 0) {
        break;
      }
      if (quiet >= stuckAfter.toNanos()) {
        log.warn(
            "adopting {}: {} message(s) unacknowledged and nothing stored for {}; keeping its"
                + " session for a later attempt",
            broker.clientId(),
            pending.get(),
            stuckAfter);
        client.close();
        return Outcome.UNFINISHED;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        client.close();
        throw e;
      }
    }
    try {
      // last check: an owner that came back cleared the claim before connecting
      if (!claim.renew()) {
        client.close();
        return Outcome.YIELDED;
      }
      client.endSession();
      return Outcome.ENDED;
    } catch (Exception e) {
      log.warn("adopting {}: could not end its session: {}", broker.clientId(), e.toString());
      client.close();
      return Outcome.UNFINISHED;
    }
  }

  private boolean renewedOrUnknown(Claim claim) {
    try {
      return claim.renew();
    } catch (Exception e) {
      // the database cannot say; go on draining, the final check decides whether to end it
      log.warn("adopting {}: could not renew the claim: {}", broker.clientId(), e.toString());
      return true;
    }
  }

  private void arrived(
      IngestClient.Acker from, String topic, byte[] payload, int id, int qos, boolean dup) {
    pending.incrementAndGet();
    lastActivity = System.nanoTime();
    ingest.arrived(
        (ackId, ackQos) -> {
          from.ack(ackId, ackQos);
          drained.incrementAndGet();
          pending.decrementAndGet();
          lastActivity = System.nanoTime();
        },
        topic,
        payload,
        id,
        qos,
        dup);
  }

  @Override
  public void onConnect(TopicSubscriptions.Subscriber subscriber, Unsubscriber unsubscriber) {
    if (filters.isEmpty()) {
      left.complete(null);
      return;
    }
    try {
      // first: while a member, the session would go on getting its share of new messages
      unsubscriber
          .unsubscribe(filters.toArray(String[]::new))
          .whenComplete(
              (ok, err) -> {
                if (err == null) {
                  log.info("adopting {}: left {}", broker.clientId(), filters);
                  left.complete(null);
                } else {
                  left.completeExceptionally(err);
                }
              });
    } catch (Exception e) {
      left.completeExceptionally(e);
    }
  }

  @Override
  public void awaitReady(Duration timeout) throws Exception {
    left.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean reconnects() {
    return false;
  }
}
