package org.urja.headend.notify;

import java.time.Duration;
import org.urja.ingest.mqtt.BrokerSettings;

/**
 * Where the MQTT notification channel publishes.
 *
 * @param broker its client id must differ per head-end node and from the node's other MQTT clients
 * @param ackTimeout how long one message waits for the broker's PUBACK before it is retried later
 */
public record MqttChannelSettings(BrokerSettings broker, Duration ackTimeout) {

  public static MqttChannelSettings anonymous(String brokerUri, String clientId) {
    return new MqttChannelSettings(
        BrokerSettings.anonymous(brokerUri, clientId), Duration.ofSeconds(10));
  }

  public MqttChannelSettings withAckTimeout(Duration timeout) {
    return new MqttChannelSettings(broker, timeout);
  }
}
