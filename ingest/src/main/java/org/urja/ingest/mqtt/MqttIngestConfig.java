package org.urja.ingest.mqtt;

import java.util.List;

/**
 * @param brokerUri e.g. tcp://localhost:1883
 * @param clientId a stable id: with clean-session false the broker keeps the subscription and
 *     queues QoS 1 messages while this node is down
 * @param topicFilters default meters/+/data and meters/+/events; use "$share/urja/meters/+/data"
 *     (and the events twin) so several head-end nodes split the fleet on a clustered broker
 */
public record MqttIngestConfig(String brokerUri, String clientId, List<String> topicFilters, String username, String password) {
  public static MqttIngestConfig defaults(String brokerUri) {
    return new MqttIngestConfig(brokerUri, "urja-hes-1", List.of("meters/+/data", "meters/+/events"), null, null);
  }
}
