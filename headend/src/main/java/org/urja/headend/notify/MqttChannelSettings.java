package org.urja.headend.notify;

import java.time.Duration;

/**
 * Where the MQTT notification channel publishes.
 *
 * @param clientId must differ per head-end node and from the node's other MQTT clients
 * @param ackTimeout how long one message waits for the broker's PUBACK before it is retried later
 */
public record MqttChannelSettings(String brokerUri, String clientId, String username, String password,
    Duration ackTimeout) {

  public static MqttChannelSettings anonymous(String brokerUri, String clientId) {
    return new MqttChannelSettings(brokerUri, clientId, null, null, Duration.ofSeconds(10));
  }

  public MqttChannelSettings withAckTimeout(Duration timeout) {
    return new MqttChannelSettings(brokerUri, clientId, username, password, timeout);
  }
}
