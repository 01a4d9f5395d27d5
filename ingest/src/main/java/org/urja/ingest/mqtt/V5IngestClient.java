package org.urja.ingest.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest over MQTT 5: a persistent session with an expiry interval, so the broker ends the session
 * of a node that went away for good — and with it that node's share of a shared subscription —
 * instead of queueing its share of the readings until the queue overflows.
 */
final class V5IngestClient implements IngestClient, MqttCallback {
  private static final Logger log = LoggerFactory.getLogger(V5IngestClient.class);
  private static final int RECEIVE_MAXIMUM = 1_000;

  private final BrokerSettings broker;
  private final SessionPlan plan;
  private final Deliveries deliveries;
  private MqttAsyncClient client;

  V5IngestClient(BrokerSettings broker, SessionPlan plan, Deliveries deliveries) {
    this.broker = broker;
    this.plan = plan;
    this.deliveries = deliveries;
  }

  @Override
  public void start() throws Exception {
    client = new MqttAsyncClient(broker.uri(), broker.clientId(), new MemoryPersistence());
    client.setCallback(this);
    client.setManualAcks(true);
    MqttConnectionOptions options = MqttClients.v5Options(broker, RECEIVE_MAXIMUM);
    options.setAutomaticReconnect(plan.reconnects());
    client.connect(options).waitForCompletion(30_000);
    plan.awaitReady(Duration.ofSeconds(30));
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    if (reconnect) {
      log.info("MQTT 5 ingest reconnected to {}; renewing its subscriptions", serverUri);
    }
    plan.onConnect(this::subscribe, this::unsubscribe);
  }

  private CompletableFuture<int[]> subscribe(String[] filters, int[] qos) throws MqttException {
    MqttSubscription[] subs = new MqttSubscription[filters.length];
    for (int i = 0; i < filters.length; i++) {
      subs[i] = new MqttSubscription(filters[i], qos[i]);
    }
    CompletableFuture<int[]> done = new CompletableFuture<>();
    client.subscribe(
        subs, null, listener(done, token -> token.getReasonCodes()), new MqttProperties());
    return done;
  }

  private CompletableFuture<int[]> unsubscribe(String[] filters) throws MqttException {
    CompletableFuture<int[]> done = new CompletableFuture<>();
    client.unsubscribe(
        filters, null, listener(done, token -> token.getReasonCodes()), new MqttProperties());
    return done;
  }

  private static MqttActionListener listener(
      CompletableFuture<int[]> done, java.util.function.Function<IMqttToken, int[]> codes) {
    return new MqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        int[] c = codes.apply(token);
        done.complete(c == null ? new int[0] : c);
      }

      @Override
      public void onFailure(IMqttToken token, Throwable cause) {
        done.completeExceptionally(cause);
      }
    };
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    deliveries.arrived(
        this::ack,
        topic,
        message.getPayload(),
        message.getId(),
        message.getQos(),
        message.isDuplicate());
  }

  @Override
  public boolean isConnected() {
    return client != null && client.isConnected();
  }

  @Override
  public void ack(int id, int qos) {
    try {
      client.messageArrivedComplete(id, qos);
    } catch (MqttException | RuntimeException e) {
      if (!isConnected()) {
        // stopping or disconnected: the message is stored, the broker delivers it again to the
        // session and the store takes the repeat as a duplicate; nothing for an operator to do
        log.debug("MQTT message {} stored but not acknowledged: the client is not connected", id);
      } else {
        log.warn("could not acknowledge MQTT message {}: {}", id, e.toString());
      }
    }
  }

  @Override
  public String protocol() {
    return "MQTT 5";
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    if (plan.reconnects()) {
      log.warn("MQTT connection lost: {} (reconnecting)", response);
    } else {
      log.info("MQTT connection of {} ended: {}", broker.clientId(), response);
    }
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    log.warn("MQTT error: {}", exception.toString());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void endSession() throws MqttException {
    MqttProperties ending = new MqttProperties();
    ending.setSessionExpiryInterval(0L);
    client.disconnect(1_000, null, null, 0, ending).waitForCompletion(5_000);
    client.close();
  }

  @Override
  public void close() {
    MqttClients.close(client, log, "ingest");
  }
}
