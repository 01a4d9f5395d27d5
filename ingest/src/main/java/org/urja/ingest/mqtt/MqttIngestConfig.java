package org.urja.ingest.mqtt;

import java.util.List;
import java.util.Objects;
import org.urja.protocol.mqtt.MeterTopics;

/**
 * @param broker where and how to connect; {@code clientId} must be stable per node: the broker
 *     keeps the session (subscriptions, queued QoS 1 messages) under it while this node is down
 * @param topicFilters default meters/+/data and meters/+/events; use "$share/urja/meters/+/data"
 *     (and the events twin) so several head-end nodes split the fleet. Filters this client id held
 *     before and no longer lists are unsubscribed on connect.
 * @param maxAttempts a message whose handling failed (not bad input: a fault) this many times is
 *     given up to the dead letters and acknowledged
 * @param adoption whether and when this node adopts the session of a node that left the share
 *     group; only used when some filter is shared
 */
public record MqttIngestConfig(
    BrokerSettings broker,
    List<String> topicFilters,
    int maxAttempts,
    SessionAdoptionConfig adoption) {
  public MqttIngestConfig {
    topicFilters = List.copyOf(topicFilters);
    Objects.requireNonNull(adoption, "adoption");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("mqtt.max.attempts must be at least 1");
    }
  }

  public MqttIngestConfig(BrokerSettings broker, List<String> topicFilters, int maxAttempts) {
    this(broker, topicFilters, maxAttempts, SessionAdoptionConfig.DEFAULTS);
  }

  public static MqttIngestConfig defaults(String brokerUri) {
    return new MqttIngestConfig(
        BrokerSettings.anonymous(brokerUri, "urja-hes-1"), MeterTopics.INGEST_FILTERS, 3);
  }

  public MqttIngestConfig withTopics(List<String> filters) {
    return new MqttIngestConfig(broker, filters, maxAttempts, adoption);
  }

  public MqttIngestConfig withAdoption(SessionAdoptionConfig a) {
    return new MqttIngestConfig(broker, topicFilters, maxAttempts, a);
  }

  /**
   * The share groups of the shared filters ({@code $share/{group}/…}), sorted and comma-joined;
   * empty when no filter is shared. Only nodes with the same groups adopt each other's sessions.
   */
  public String shareGroup() {
    return String.join(
        ",",
        topicFilters.stream()
            .filter(f -> f.startsWith("$share/") && f.indexOf('/', 7) > 7)
            .map(f -> f.substring(7, f.indexOf('/', 7)))
            .distinct()
            .sorted()
            .toList());
  }
}
