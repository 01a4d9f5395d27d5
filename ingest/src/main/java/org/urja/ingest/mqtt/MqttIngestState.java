package org.urja.ingest.mqtt;

import javax.sql.DataSource;
import org.urja.ingest.deadletter.DeadLetters;

/**
 * What MQTT ingest keeps in the database: the filters each client id holds, the failed attempts per
 * message, and the dead letters it gives up to.
 */
public record MqttIngestState(
    RememberedSubscriptions subscriptions, DeliveryAttempts attempts, DeadLetters deadLetters) {
  public static MqttIngestState in(DataSource dataSource) {
    return new MqttIngestState(
        new RememberedSubscriptions(dataSource),
        new DeliveryAttempts(dataSource),
        new DeadLetters(dataSource));
  }
}
