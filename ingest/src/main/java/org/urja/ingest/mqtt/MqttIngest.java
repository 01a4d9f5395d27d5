package org.urja.ingest.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.push.PushDecodeException;
import org.urja.ingest.push.PushDecoder;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSightings;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.mqtt.TopicSubscriptions;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * Subscribes to the fleet's MQTT topics (QoS 1, persistent session) and acknowledges each message
 * only after its readings are committed: a crash before the commit makes the broker deliver it
 * again, and the store's dedup makes that harmless. Payloads are DLMS DataNotification bytes (bare
 * APDU or in a 62056-47 wrapper frame) or the JSON form of {@link JsonPayload}.
 */
public final class MqttIngest implements MqttCallbackExtended, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);
  private static final String TRANSPORT = "mqtt";

  private final MqttIngestConfig cfg;
  private final ReadingSink sink;
  private final MeterModelResolver models;
  private final IngestMetrics metrics;
  private final MeterSightings sightings;
  private final PushDecoder decoder = new PushDecoder();
  private final Clock clock = Clock.systemUTC();
  private final TopicSubscriptions subscriptions;
  private MqttAsyncClient client;

  public MqttIngest(MqttIngestConfig cfg, ReadingSink sink, MeterModelResolver models, MeterSightings sightings,
      IngestMetrics metrics) {
    this.sightings = sightings;
    this.cfg = cfg;
    this.sink = sink;
    this.models = models;
    this.metrics = metrics;
    this.subscriptions = new TopicSubscriptions(cfg.topicFilters(), 1, 100);
  }

  /** Connected to the broker now (false while Paho reconnects); for {@code /health}. */
  public boolean isConnected() {
    MqttAsyncClient c = client;
    return c != null && c.isConnected();
  }

  /** Connects and returns once the broker has granted every topic filter. */
  public MqttIngest start() throws MqttException {
    client = new MqttAsyncClient(cfg.brokerUri(), cfg.clientId(), new MemoryPersistence());
    client.setCallback(this);
    client.setManualAcks(true);
    MqttConnectOptions o = MqttClients.options(true, 1_000, cfg.username(), cfg.password());
    client.connect(o).waitForCompletion(30_000);
    subscriptions.awaitGranted(Duration.ofSeconds(30));
    log.info("MQTT ingest subscribed to {} on {}", cfg.topicFilters(), cfg.brokerUri());
    return this;
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    if (reconnect) {
      log.info("MQTT ingest reconnected to {}; renewing its subscriptions", serverUri);
    }
    subscriptions.subscribe(client);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    metrics.frame(TRANSPORT);
    long receivedNanos = System.nanoTime();
    int id = message.getId();
    int qos = message.getQos();
    DecodedPush push;
    try {
      push = decode(topic, message.getPayload());
    } catch (PushDecodeException | AxdrException e) {
      // a message that can never be decoded is acknowledged, or the broker would redeliver it forever
      metrics.decodeError(TRANSPORT, e instanceof AxdrException ? "axdr" : "payload");
      log.warn("rejected MQTT message on {}: {}", topic, e.getMessage());
      ack(id, qos);
      return;
    } catch (RuntimeException e) {
      // a decoder fault on one odd payload: an exception escaping this callback makes Paho drop the
      // connection, and the unacknowledged message would come back and drop it again, for every meter
      metrics.decodeError(TRANSPORT, "unexpected");
      log.error("rejected MQTT message on {}: the decoder failed on it", topic, e);
      ack(id, qos);
      return;
    }
    sightings.seen(push.meterSerial(), null, TRANSPORT);
    metrics.readings(TRANSPORT, push.readings().size());
    metrics.events(TRANSPORT, push.events().size());
    CompletableFuture<?> stored;
    try {
      stored = sink.submit(push.readings(), push.events());
    } catch (RuntimeException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    stored.whenComplete((ok, err) -> {
      if (err == null) {
        ack(id, qos);
        metrics.pushCommitted(TRANSPORT, receivedNanos);
      } else {
        // not acknowledged: the broker delivers it again after reconnect
        log.error("MQTT message {} on {} not stored, left unacknowledged: {}", id, topic, err.toString());
      }
    });
  }

  DecodedPush decode(String topic, byte[] payload) {
    String serial = serialOf(topic);
    if (payload.length == 0) {
      throw new PushDecodeException("empty payload");
    }
    if (payload[0] == '{') {
      return JsonPayload.parse(payload, serial);
    }
    byte[] apdu = unwrap(payload);
    DataNotification n = DataNotification.decode(apdu);
    DecodedPush p = decoder.decode(n, models.modelFor(serial), Optional.of(serial), clock.instant());
    if (!p.meterSerial().equals(serial)) {
      throw new PushDecodeException("push from meter " + p.meterSerial() + " published on topic of " + serial);
    }
    return p;
  }

  /** meters/{serial}/data, also behind a $share/group/ prefix. */
  static String serialOf(String topic) {
    String[] parts = topic.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("meters") && !parts[i + 1].isBlank()) {
        return parts[i + 1];
      }
    }
    throw new PushDecodeException("topic " + topic + " does not name a meter (meters/{serial}/...)");
  }

  private static byte[] unwrap(byte[] payload) {
    if (payload.length >= WrapperFrame.HEADER_LENGTH && payload[0] == 0 && payload[1] == 1) {
      int len = ((payload[6] & 0xFF) << 8) | (payload[7] & 0xFF);
      if (len != payload.length - WrapperFrame.HEADER_LENGTH) {
        throw new PushDecodeException("wrapper frame announces " + len + " bytes, payload has " + (payload.length - 8));
      }
      return java.util.Arrays.copyOfRange(payload, WrapperFrame.HEADER_LENGTH, payload.length);
    }
    return payload;
  }

  private void ack(int id, int qos) {
    try {
      client.messageArrivedComplete(id, qos);
    } catch (MqttException e) {
      log.warn("could not acknowledge MQTT message {}: {}", id, e.toString());
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    log.warn("MQTT connection lost: {} (reconnecting)", cause == null ? "" : cause.toString());
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {}

  @Override
  public void close() {
    MqttClients.close(client, log, "ingest");
  }
}
