package org.urja.ingest.mqtt;

import java.util.List;
import org.urja.protocol.mqtt.MeterTopics;

/**
 * @param broker where and how to connect; {@code clientId} must be stable per node: the broker
 *     keeps the session (subscriptions, queued QoS 1 messages) under it while this node is down
 * @param topicFilters default meters/+/data and meters/+/events; use "$share/urja/meters/+/data"
 *     (and the events twin) so several head-end nodes split the fleet. Filters this client id held
 *     before and no longer lists are unsubscribed on connect.
 * @param maxAttempts a message whose handling failed (not bad input: a fault) this many times is
 *     given up to the dead letters and acknowledged
 */
public record MqttIngestConfig(BrokerSettings broker, List<String> topicFilters, int maxAttempts) {
  public MqttIngestConfig {
    topicFilters = List.copyOf(topicFilters);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("mqtt.max.attempts must be at least 1");
    }
  }

  public static MqttIngestConfig defaults(String brokerUri) {
    return new MqttIngestConfig(
        BrokerSettings.anonymous(brokerUri, "urja-hes-1"), MeterTopics.INGEST_FILTERS, 3);
  }

  public MqttIngestConfig withTopics(List<String> filters) {
    return new MqttIngestConfig(broker, filters, maxAttempts);
  }
}
