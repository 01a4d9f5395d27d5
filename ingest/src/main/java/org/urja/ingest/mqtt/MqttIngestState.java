package org.urja.ingest.mqtt;

import javax.sql.DataSource;
import org.urja.ingest.deadletter.DeadLetters;

/**
 * What MQTT ingest keeps in the database: the filters each client id holds, the failed attempts per
 * message, the dead letters it gives up to, and the heartbeats by which live nodes find departed
 * ones to adopt.
 */
public record MqttIngestState(
    RememberedSubscriptions subscriptions,
    DeliveryAttempts attempts,
    DeadLetters deadLetters,
    SessionHeartbeats heartbeats) {
  public static MqttIngestState in(DataSource dataSource) {
    return new MqttIngestState(
        new RememberedSubscriptions(dataSource),
        new DeliveryAttempts(dataSource),
        new DeadLetters(dataSource),
        new SessionHeartbeats(dataSource));
  }
}
