package org.urja.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A subscriber keeps its topics across connections, whatever the broker forgot. */
class TopicSubscriptionsTest {
  TestBroker broker;
  final Queue<String> received = new ConcurrentLinkedQueue<>();

  @AfterEach
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  BrokerSubscriber subscriber(TopicSubscriptions subscriptions) throws MqttException {
    return BrokerSubscriber.subscribe(
        broker.uri(),
        "subscriber",
        subscriptions,
        (topic, payload) ->
            received.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
  }

  void publish(String topic, String text) throws MqttException {
    MqttAsyncClient pub =
        new MqttAsyncClient(
            broker.uri(), "publisher-" + System.nanoTime(), new MemoryPersistence());
    pub.connect().waitForCompletion(10_000);
    MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    pub.publish(topic, m).waitForCompletion(10_000);
    pub.disconnect().waitForCompletion(10_000);
    pub.close();
  }

  @Test
  void startUpWaitsUntilEveryFilterIsGrantedAcrossSeveralSubscribePackets() throws Exception {
    broker = TestBroker.start();
    List<String> filters = List.of("meters/A/commands", "meters/B/commands", "meters/C/commands");
    TopicSubscriptions subscriptions = new TopicSubscriptions(filters, 1, 2);
    try (BrokerSubscriber client = subscriber(subscriptions)) {
      publish("meters/C/commands", "open");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> received.contains("meters/C/commands open"));
    }
  }

  @Test
  void aCleanSessionGetsItsSubscriptionsBackAfterTheBrokerRestarts() throws Exception {
    broker = TestBroker.start();
    TopicSubscriptions subscriptions = TopicSubscriptions.of(1, "consumers/+/notifications");
    BrokerSubscriber client = subscriber(subscriptions);

    broker.close();
    broker = TestBroker.restartOn(broker.port());
    await().atMost(Duration.ofSeconds(20)).until(client::isConnected);
    // the restarted broker knows nothing of the subscription until the client renews it
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              publish("consumers/ACC-1/notifications", "low balance");
              assertThat(received).contains("consumers/ACC-1/notifications low balance");
            });
    client.close();
  }

  @Test
  void waitingForAGrantThatNeverComesFailsWithATimeout() {
    TopicSubscriptions subscriptions = TopicSubscriptions.of(1, "meters/+/replies");

    assertThatThrownBy(() -> subscriptions.awaitGranted(Duration.ofMillis(50)))
        .isInstanceOf(MqttException.class)
        .extracting(e -> ((MqttException) e).getReasonCode())
        .isEqualTo((int) MqttException.REASON_CODE_CLIENT_TIMEOUT);
  }
}
