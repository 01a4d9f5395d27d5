package org.urja.protocol.mqtt;

import java.time.Duration;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A party on the far side of the broker in a test (an SMS gateway, a hand-written DCU): subscribes
 * the way the head-end's own clients do, so a dropped first SUBSCRIBE is renewed on reconnect
 * instead of failing the test's set-up.
 */
public final class BrokerSubscriber implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerSubscriber.class);
  private final MqttAsyncClient client;

  private BrokerSubscriber(MqttAsyncClient client) {
    this.client = client;
  }

  /** Connects, subscribes to {@code filter} at QoS 1 and returns once the broker granted it. */
  public static BrokerSubscriber subscribe(
      String brokerUri, String clientId, String filter, BiConsumer<String, byte[]> onMessage)
      throws MqttException {
    return subscribe(brokerUri, clientId, TopicSubscriptions.of(1, filter), onMessage);
  }

  /**
   * Connects with a clean session, subscribes on every connect and returns once the broker granted
   * it all.
   */
  public static BrokerSubscriber subscribe(
      String brokerUri,
      String clientId,
      TopicSubscriptions subscription,
      BiConsumer<String, byte[]> onMessage)
      throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
    client.setCallback(
        new MqttCallbackExtended() {
          @Override
          public void connectComplete(boolean reconnect, String serverUri) {
            subscription.subscribe(client);
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            try {
              onMessage.accept(topic, message.getPayload());
            } catch (RuntimeException e) {
              // thrown out of this callback, it would make Paho drop the connection
              log.error("{} could not take a message on {}", clientId, topic, e);
            }
          }

          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions o = new MqttConnectOptions();
    o.setAutomaticReconnect(true);
    o.setCleanSession(true);
    o.setMaxReconnectDelay(500);
    client.connect(o).waitForCompletion(10_000);
    subscription.awaitGranted(Duration.ofSeconds(20));
    return new BrokerSubscriber(client);
  }

  /** Publishes at QoS 1 and waits for the broker's PUBACK. */
  public void publish(String topic, byte[] payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    client.publish(topic, m).waitForCompletion(10_000);
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close();
    } catch (MqttException e) {
      log.debug("test subscriber close: {}", e.toString());
    }
  }
}
