package org.urja.ingest.mqtt;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.mqtt.TopicSubscriptions;

/**
 * Keeps one ingest client's session holding exactly the configured filters: on every connect it
 * subscribes them, then unsubscribes the filters this client id was last configured with and no
 * longer is (in that order, so a switch from plain to shared topics never leaves a moment with
 * neither), and then remembers the configured ones.
 */
final class SubscriptionUpkeep implements SessionPlan {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionUpkeep.class);

  private final String clientId;
  private final List<String> configured;
  private final TopicSubscriptions subscriptions;
  private final RememberedSubscriptions remembered;

  SubscriptionUpkeep(String clientId, List<String> configured, RememberedSubscriptions remembered) {
    this.clientId = clientId;
    this.configured = List.copyOf(configured);
    this.subscriptions = new TopicSubscriptions(configured, 1, 100);
    this.remembered = remembered;
  }

  List<String> configured() {
    return configured;
  }

  @Override
  public void onConnect(TopicSubscriptions.Subscriber subscriber, Unsubscriber unsubscriber) {
    subscriptions.subscribe(clientId, subscriber);
    Set<String> previous;
    try {
      previous = remembered.previous(clientId);
    } catch (SQLException e) {
      log.warn(
          "{}: could not read the topic filters it held before ({}); old ones stay until the next connect",
          clientId,
          e.toString());
      return;
    }
    Set<String> stale = new LinkedHashSet<>(previous);
    stale.removeAll(configured);
    if (stale.isEmpty()) {
      if (!previous.equals(new LinkedHashSet<>(configured))) {
        remember();
      }
      return;
    }
    try {
      unsubscriber
          .unsubscribe(stale.toArray(String[]::new))
          .whenComplete(
              (ok, err) -> {
                if (err == null) {
                  log.info("{} unsubscribed from {}: no longer configured", clientId, stale);
                  remember();
                } else {
                  log.warn(
                      "{} could not unsubscribe from {}: {} (tries again on reconnect)",
                      clientId,
                      stale,
                      err.toString());
                }
              });
    } catch (Exception e) {
      log.warn(
          "{} could not unsubscribe from {}: {} (tries again on reconnect)",
          clientId,
          stale,
          e.toString());
    }
  }

  @Override
  public void awaitReady(Duration timeout) throws MqttException {
    subscriptions.awaitGranted(timeout);
  }

  @Override
  public boolean reconnects() {
    return true;
  }

  private void remember() {
    try {
      remembered.remember(clientId, configured);
    } catch (SQLException e) {
      log.warn(
          "{}: could not remember its topic filters {}: {}", clientId, configured, e.toString());
    }
  }
}
