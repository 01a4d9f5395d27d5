package org.urja.headend.commands.mqtt;

import java.time.Duration;
import org.urja.ingest.mqtt.BrokerSettings;

/**
 * How the head-end reaches gateways for relay commands.
 *
 * @param broker its client id must differ per head-end node and from the ingest client's: the
 *     broker keeps this node's session (clean session false) so replies published while it
 *     reconnects still reach it
 * @param replyTimeout how long a command waits for its reply before it fails as retryable
 */
public record MqttRelayConfig(BrokerSettings broker, Duration replyTimeout) {

  public static MqttRelayConfig anonymous(
      String brokerUri, String clientId, Duration replyTimeout) {
    return new MqttRelayConfig(BrokerSettings.anonymous(brokerUri, clientId), replyTimeout);
  }
}
