package org.urja.ingest.mqtt;

import java.time.Duration;
import org.urja.protocol.mqtt.TopicSubscriptions;

/**
 * What an ingest client does with its session on every connect: a node's own client subscribes its
 * configured filters ({@link SubscriptionUpkeep}); a client adopting a departed node's session
 * leaves that node's filters ({@link SessionAdopter}).
 */
interface SessionPlan {
  /** Sends one UNSUBSCRIBE with the given client; completes on the broker's UNSUBACK. */
  @FunctionalInterface
  interface Unsubscriber {
    java.util.concurrent.CompletableFuture<?> unsubscribe(String[] filters) throws Exception;
  }

  /** Call from the client's {@code connectComplete}. */
  void onConnect(TopicSubscriptions.Subscriber subscriber, Unsubscriber unsubscriber);

  /** Blocks until the session is as the plan wants it after the first connect. */
  void awaitReady(Duration timeout) throws Exception;

  /**
   * Whether the client reconnects by itself. An adopter must not: a departed node that returns
   * takes its client id back, and a reconnecting adopter would take it from it again.
   */
  boolean reconnects();
}
