package org.urja.ingest.mqtt;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.Logger;

/** How every head-end MQTT client connects and lets go, written once. */
public final class MqttClients {
  private MqttClients() {}

  /**
   * MQTT 3.1.1 options: reconnecting, 30 s keep-alive, the broker's credentials and TLS.
   *
   * @param persistentSession true where the broker must keep subscriptions and queued QoS 1
   *     messages while this node is away (ingest, command replies)
   */
  public static MqttConnectOptions options(
      BrokerSettings broker, boolean persistentSession, int maxInflight) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(!persistentSession);
    o.setAutomaticReconnect(true);
    o.setMaxInflight(maxInflight);
    o.setKeepAliveInterval(30);
    if (broker.username() != null) {
      o.setUserName(broker.username());
      o.setPassword(broker.password() == null ? new char[0] : broker.password().toCharArray());
    }
    if (broker.usesTls()) {
      o.setSocketFactory(PemTls.socketFactory(broker.tls()));
    }
    return o;
  }

  /**
   * MQTT 5 options for a persistent session that the broker ends {@link
   * BrokerSettings#sessionExpiry()} after this client went away: subscriptions and queued messages
   * survive a restart or a broker fail-over, but a node that never comes back stops holding its
   * share of the readings.
   *
   * @param receiveMaximum how many unacknowledged QoS 1 messages the broker may send at once
   */
  public static MqttConnectionOptions v5Options(BrokerSettings broker, int receiveMaximum) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(broker.sessionExpiry().toSeconds());
    o.setAutomaticReconnect(true);
    o.setReceiveMaximum(receiveMaximum);
    o.setKeepAliveInterval(30);
    if (broker.username() != null) {
      o.setUserName(broker.username());
      o.setPassword(
          (broker.password() == null ? "" : broker.password()).getBytes(StandardCharsets.UTF_8));
    }
    if (broker.usesTls()) {
      o.setSocketFactory(PemTls.socketFactory(broker.tls()));
    }
    return o;
  }

  /** Disconnects (letting in-progress work finish for a second) and closes; never throws. */
  public static void close(MqttAsyncClient client, Logger log, String what) {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(5_000);
      }
      client.close();
    } catch (MqttException e) {
      log.debug("{} MQTT close: {}", what, e.toString());
    }
  }

  /** The MQTT 5 client's twin of {@link #close(MqttAsyncClient, Logger, String)}. */
  public static void close(
      org.eclipse.paho.mqttv5.client.MqttAsyncClient client, Logger log, String what) {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(5_000);
      }
      client.close();
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      log.debug("{} MQTT close: {}", what, e.toString());
    }
  }
}
