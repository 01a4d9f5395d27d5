package org.urja.ingest.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest over MQTT 3.1.1 (clean session false). The session has no expiry the client can set: the
 * broker's own setting (Mosquitto's {@code persistent_client_expiration}) decides when a departed
 * node's session, and its share of a shared subscription, ends.
 */
final class V3IngestClient implements IngestClient, MqttCallbackExtended {
  private static final Logger log = LoggerFactory.getLogger(V3IngestClient.class);

  private final BrokerSettings broker;
  private final SessionPlan plan;
  private final Deliveries deliveries;
  private MqttAsyncClient client;

  V3IngestClient(BrokerSettings broker, SessionPlan plan, Deliveries deliveries) {
    this.broker = broker;
    this.plan = plan;
    this.deliveries = deliveries;
  }

  @Override
  public void start() throws Exception {
    client = new MqttAsyncClient(broker.uri(), broker.clientId(), new MemoryPersistence());
    client.setCallback(this);
    client.setManualAcks(true);
    MqttConnectOptions options = MqttClients.options(broker, true, 1_000);
    options.setAutomaticReconnect(plan.reconnects());
    client.connect(options).waitForCompletion(30_000);
    plan.awaitReady(Duration.ofSeconds(30));
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    if (reconnect) {
      log.info("MQTT ingest reconnected to {}; renewing its subscriptions", serverUri);
    }
    plan.onConnect(
        (filters, qos) -> {
          CompletableFuture<IMqttToken> done = new CompletableFuture<>();
          client.subscribe(filters, qos, null, listener(done));
          return done.thenApply(ok -> ok.getGrantedQos() == null ? new int[0] : ok.getGrantedQos());
        },
        filters -> {
          CompletableFuture<IMqttToken> done = new CompletableFuture<>();
          client.unsubscribe(filters, null, listener(done));
          return done;
        });
  }

  private static IMqttActionListener listener(CompletableFuture<IMqttToken> done) {
    return new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        done.complete(token);
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
    return "MQTT 3.1.1";
  }

  @Override
  public void connectionLost(Throwable cause) {
    String why = cause == null ? "" : cause.toString();
    if (plan.reconnects()) {
      log.warn("MQTT connection lost: {} (reconnecting)", why);
    } else {
      log.info("MQTT connection of {} ended: {}", broker.clientId(), why);
    }
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {}

  /**
   * 3.1.1 has no session expiry to set: after a normal DISCONNECT, a clean-session CONNECT under
   * the same id makes the broker discard the session.
   */
  @Override
  public void endSession() throws MqttException {
    client.disconnect(1_000).waitForCompletion(5_000);
    client.close();
    MqttAsyncClient clean =
        new MqttAsyncClient(broker.uri(), broker.clientId(), new MemoryPersistence());
    MqttConnectOptions o = MqttClients.options(broker, false, 10);
    o.setAutomaticReconnect(false);
    clean.connect(o).waitForCompletion(30_000);
    clean.disconnect(1_000).waitForCompletion(5_000);
    clean.close();
  }

  @Override
  public void close() {
    MqttClients.close(client, log, "ingest");
  }
}
