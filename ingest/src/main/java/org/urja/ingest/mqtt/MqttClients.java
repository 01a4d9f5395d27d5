package org.urja.ingest.mqtt;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;

/** How every head-end MQTT client connects and lets go, written once. */
public final class MqttClients {
  private MqttClients() {}

  /**
   * Reconnecting options with a 30 s keep-alive.
   *
   * @param persistentSession true where the broker must keep subscriptions and queued QoS 1
   *     messages while this node is away (ingest, command replies)
   */
  public static MqttConnectOptions options(boolean persistentSession, int maxInflight, String username, String password) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(!persistentSession);
    o.setAutomaticReconnect(true);
    o.setMaxInflight(maxInflight);
    o.setKeepAliveInterval(30);
    if (username != null) {
      o.setUserName(username);
      o.setPassword(password == null ? new char[0] : password.toCharArray());
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
}
