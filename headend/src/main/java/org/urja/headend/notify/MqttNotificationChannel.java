package org.urja.headend.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.mqtt.MqttClients;
import org.urja.ledger.alerts.DeliveryResult;
import org.urja.ledger.alerts.NotificationChannel;
import org.urja.ledger.alerts.OutboxMessage;

/**
 * Publishes consumer notifications to {@code consumers/{accountId}/notifications} (QoS 1) for an
 * SMS / WhatsApp gateway that subscribes, instead of receiving webhooks. The payload is the JSON a
 * webhook would receive plus {@code deliveryId} (the outbox id, stable across retries — MQTT 3.1.1
 * has no headers to carry it) and {@code attempt}; delivery is at least once, so the gateway
 * de-duplicates on {@code deliveryId}.
 *
 * <p>A message counts as delivered when the broker acknowledges it (PUBACK): from there the
 * broker's persistent session for the gateway holds it. No acknowledgement within the timeout, or
 * no connection, is a retry.
 */
public final class MqttNotificationChannel implements NotificationChannel, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttNotificationChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final MqttChannelSettings settings;
  private MqttAsyncClient client;

  /**
   * @param name the outbox channel name; messages are queued per name
   */
  public MqttNotificationChannel(String name, MqttChannelSettings settings) {
    this.name = name;
    this.settings = settings;
  }

  /** A channel named "mqtt". */
  public MqttNotificationChannel(MqttChannelSettings settings) {
    this("mqtt", settings);
  }

  public static String topic(String accountId) {
    return "consumers/" + accountId + "/notifications";
  }

  public MqttNotificationChannel start() throws MqttException {
    client =
        new MqttAsyncClient(
            settings.broker().uri(), settings.broker().clientId(), new MemoryPersistence());
    MqttConnectOptions o = MqttClients.options(settings.broker(), false, 10);
    client.connect(o).waitForCompletion(30_000);
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryResult deliver(OutboxMessage m) {
    if (!usableInTopic(m.accountId())) {
      // a topic level with / + # would reach other consumers' subscribers, or none
      return DeliveryResult.rejected("account id " + m.accountId() + " cannot name an MQTT topic");
    }
    byte[] payload;
    try {
      payload = payload(m);
    } catch (IOException e) {
      return DeliveryResult.rejected("outbox payload is not JSON: " + e.getMessage());
    }
    if (client == null || !client.isConnected()) {
      return DeliveryResult.retry("not connected to the MQTT broker " + settings.broker().uri());
    }
    try {
      MqttMessage msg = new MqttMessage(payload);
      msg.setQos(1);
      client.publish(topic(m.accountId()), msg).waitForCompletion(settings.ackTimeout().toMillis());
      return DeliveryResult.delivered();
    } catch (MqttException e) {
      return DeliveryResult.retry("MQTT publish failed: " + e);
    }
  }

  static byte[] payload(OutboxMessage m) throws IOException {
    JsonNode body = JSON.readTree(m.payloadJson());
    ObjectNode out =
        body instanceof ObjectNode o ? o : JSON.createObjectNode().set("payload", body);
    out.put("deliveryId", m.id());
    out.put("attempt", m.attempt());
    out.put("createdAt", m.createdAt().toString());
    return JSON.writeValueAsString(out).getBytes(StandardCharsets.UTF_8);
  }

  static boolean usableInTopic(String accountId) {
    return accountId != null
        && !accountId.isEmpty()
        && accountId.chars().noneMatch(c -> c == '/' || c == '+' || c == '#' || c == 0);
  }

  @Override
  public void close() {
    MqttClients.close(client, log, "notification");
  }
}
