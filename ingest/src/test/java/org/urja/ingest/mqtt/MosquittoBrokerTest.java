package org.urja.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.mqtt.MqttHostileMessagesTest.RecordingSink;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.session.MeterSightings;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * The Mosquitto 2 configuration of docs/MQTT.md (files in docs/mosquitto), run by a real Mosquitto:
 * the head-end ingests over TLS with its certificate and account; a device may publish only under
 * its own meter's topics; a head-end node that leaves a shared subscription for good stops holding
 * readings once its MQTT 5 session expires; a node switched from plain to shared topics gets each
 * reading once.
 */
class MosquittoBrokerTest extends PostgresTestSupport {
  static final String HES = "urja-hes";
  static final List<String> USERS = List.of(HES, "urja-sms", "MTR0001", "MTR0002");

  MosquittoBroker broker;

  @BeforeAll
  void startMosquitto() throws Exception {
    Optional<Path> mosquitto = MosquittoBroker.executable();
    assumeTrue(
        mosquitto.isPresent(),
        "mosquitto is not installed (apt-get install mosquitto, as .ci/mosquitto-deps.sh does): the Mosquitto configuration test is skipped");
    broker = MosquittoBroker.start(mosquitto.get(), Path.of("..", "docs", "mosquitto"), USERS);
  }

  @AfterAll
  void stopMosquitto() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void emptyTables() {
    truncate("mqtt_subscriptions", "mqtt_delivery_attempts", "dead_letters");
  }

  MqttIngest node(String clientId, RecordingSink sink, List<String> topics, Duration sessionExpiry)
      throws Exception {
    BrokerSettings settings =
        new BrokerSettings(
            broker.headEndUri(),
            clientId,
            HES,
            MosquittoBroker.PASSWORD,
            broker.headEndTls(),
            MqttProtocol.AUTO,
            sessionExpiry);
    return new MqttIngest(
            new MqttIngestConfig(settings, topics, 3),
            sink,
            s -> MeterModelCatalog.bundled().defaultModel(),
            MeterSightings.NONE,
            new IngestMetrics(new SimpleMeterRegistry()),
            MqttIngestState.in(dataSource()))
        .start();
  }

  /**
   * A meter with its own MQTT connection: logs in as its serial, over TLS trusting the utility's
   * CA.
   */
  MqttAsyncClient device(String serial) throws Exception {
    BrokerSettings settings =
        new BrokerSettings(
            broker.deviceUri(),
            serial + "-conn",
            serial,
            MosquittoBroker.PASSWORD,
            broker.deviceTls(),
            MqttProtocol.V5,
            Duration.ZERO);
    MqttAsyncClient c =
        new MqttAsyncClient(settings.uri(), settings.clientId(), new MemoryPersistence());
    var o = MqttClients.v5Options(settings, 100);
    o.setCleanStart(true);
    c.connect(o).waitForCompletion(20_000);
    return c;
  }

  /**
   * A plain client on the head-end's account, certificate and listener (as its relay client would
   * be).
   */
  MqttAsyncClient headEndClient(String clientId) throws Exception {
    BrokerSettings settings =
        new BrokerSettings(
            broker.headEndUri(),
            clientId,
            HES,
            MosquittoBroker.PASSWORD,
            broker.headEndTls(),
            MqttProtocol.V5,
            Duration.ZERO);
    MqttAsyncClient c =
        new MqttAsyncClient(settings.uri(), settings.clientId(), new MemoryPersistence());
    var o = MqttClients.v5Options(settings, 100);
    o.setCleanStart(true);
    c.connect(o).waitForCompletion(20_000);
    return c;
  }

  static int publish(MqttAsyncClient device, String topic, byte[] payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    IMqttToken t = device.publish(topic, m);
    t.waitForCompletion(10_000);
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  /**
   * The broker's reason code for a publish it refused, whether Paho reports it in the token or
   * throws it.
   */
  static int publishRefusal(MqttAsyncClient device, String topic, byte[] payload) {
    try {
      return publish(device, topic, payload);
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  /**
   * Lets go of a device whether or not Paho has already dropped its connection (it does after a
   * refused PUBACK).
   */
  static void close(MqttAsyncClient c) throws MqttException {
    try {
      if (c.isConnected()) {
        c.disconnect().waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      // the connection went away meanwhile
    }
    c.close(true);
  }

  @Test
  void theHeadEndIngestsOverTlsWithItsCertificateAndAccount() throws Exception {
    RecordingSink sink = new RecordingSink("none");
    try (MqttIngest hes =
        node("urja-hes-tls", sink, List.of("meters/+/data"), Duration.ofMinutes(1))) {
      assertThat(hes.protocol()).isEqualTo("MQTT 5");
      MqttAsyncClient meter = device("MTR0001");
      assertThat(publish(meter, "meters/MTR0001/data", MqttHostileMessagesTest.push("MTR0001")))
          .isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.storedSerials.contains("MTR0001"));
      assertThat(hes.isConnected()).isTrue();
      close(meter);
    }
  }

  @Test
  void overMqtt5AReadingNotYetCommittedWhenTheNodeStopsIsDeliveredAgain() throws Exception {
    RecordingSink databaseDown =
        new RecordingSink("MTR0001") {
          @Override
          public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
            refusedSerials.add(readings.get(0).meterSerial());
            return new CompletableFuture<>(); // the commit never comes
          }
        };
    MqttAsyncClient meter = device("MTR0001");
    try (MqttIngest first =
        node("urja-hes-redeliver", databaseDown, List.of("meters/+/data"), Duration.ofMinutes(1))) {
      assertThat(first.protocol()).isEqualTo("MQTT 5");
      publish(meter, "meters/MTR0001/data", MqttHostileMessagesTest.push("MTR0001"));
      await().atMost(Duration.ofSeconds(20)).until(() -> databaseDown.refusedSerials.size() == 1);
    }
    RecordingSink databaseUp = new RecordingSink("none");
    try (MqttIngest second =
        node("urja-hes-redeliver", databaseUp, List.of("meters/+/data"), Duration.ofMinutes(1))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> databaseUp.storedSerials.contains("MTR0001"));
    } finally {
      close(meter);
    }
  }

  @Test
  void aDeviceMayPublishOnlyUnderItsOwnMetersTopics() throws Exception {
    RecordingSink sink = new RecordingSink("none");
    try (MqttIngest hes =
        node("urja-hes-acl", sink, List.of("meters/+/data"), Duration.ofMinutes(1))) {
      int notAuthorized = 0x87;
      // Paho's MQTT 5 client drops its connection on a refused PUBACK, so each check connects anew
      MqttAsyncClient impostor = device("MTR0002");
      assertThat(
              publishRefusal(
                  impostor, "meters/MTR0001/data", MqttHostileMessagesTest.push("MTR0001")))
          .isEqualTo(notAuthorized);
      close(impostor);

      // Mosquitto grants the subscription but delivers nothing the ACL does not let it read
      impostor = device("MTR0002");
      List<String> commandsSeen = new CopyOnWriteArrayList<>();
      impostor.setCallback(
          new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
              commandsSeen.add(topic);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
          });
      impostor
          .subscribe(
              new MqttSubscription[] {
                new MqttSubscription("meters/MTR0001/commands", 1),
                new MqttSubscription("meters/MTR0002/commands", 1)
              })
          .waitForCompletion(10_000);
      MqttAsyncClient relay = headEndClient("urja-hes-relay-acl");
      assertThat(publish(relay, "meters/MTR0001/commands", "{}".getBytes(StandardCharsets.UTF_8)))
          .isZero();
      assertThat(publish(relay, "meters/MTR0002/commands", "{}".getBytes(StandardCharsets.UTF_8)))
          .isZero();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> commandsSeen.contains("meters/MTR0002/commands"));
      assertThat(commandsSeen).containsExactly("meters/MTR0002/commands");
      close(relay);
      close(impostor);

      impostor = device("MTR0002");
      assertThat(publish(impostor, "meters/MTR0002/data", MqttHostileMessagesTest.push("MTR0002")))
          .isZero();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.storedSerials.contains("MTR0002"));
      assertThat(sink.storedSerials).containsExactly("MTR0002");
      close(impostor);
    }
  }

  @Test
  void aNodeThatLeavesForGoodStopsHoldingReadingsOnceItsSessionExpires() throws Exception {
    // a share group of its own: another test's departed node must not hold a share of this one
    List<String> shared = List.of("$share/urja-leave/meters/+/data");
    Duration expiry = Duration.ofSeconds(2);
    RecordingSink a = new RecordingSink("none");
    RecordingSink b = new RecordingSink("none");
    MqttAsyncClient meter = device("MTR0001");
    try (MqttIngest nodeA = node("urja-hes-a", a, shared, expiry)) {
      MqttIngest nodeB = node("urja-hes-b", b, shared, expiry);
      for (int i = 0; i < 40; i++) {
        publish(meter, "meters/MTR0001/data", json("MTR0001", i));
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> a.storedSerials.size() + b.storedSerials.size() == 40);
      assertThat(a.storedSerials).isNotEmpty();
      assertThat(b.storedSerials).isNotEmpty();

      nodeB.close(); // node B leaves and never comes back
      Instant expired = Instant.now().plus(expiry).plusSeconds(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expired));

      int before = a.storedSerials.size();
      for (int i = 40; i < 80; i++) {
        publish(meter, "meters/MTR0001/data", json("MTR0001", i));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> a.storedSerials.size() == before + 40);
    } finally {
      close(meter);
    }
  }

  @Test
  void aNodeSwitchedFromPlainToSharedTopicsGetsEachReadingOnce() throws Exception {
    try (MqttIngest plain =
        node(
            "urja-hes-switch",
            new RecordingSink("none"),
            List.of("meters/+/data"),
            Duration.ofMinutes(5))) {
      assertThat(plain.isConnected()).isTrue();
    }
    RecordingSink sink = new RecordingSink("none");
    MqttAsyncClient meter = device("MTR0001");
    try (MqttIngest shared =
        node(
            "urja-hes-switch",
            sink,
            List.of("$share/urja-switch/meters/+/data"),
            Duration.ofSeconds(2))) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  queryLong(
                          "SELECT count(*) FROM mqtt_subscriptions WHERE client_id = 'urja-hes-switch' AND topic_filter = 'meters/+/data'")
                      == 0);
      for (int i = 0; i < 10; i++) {
        publish(meter, "meters/MTR0001/data", json("MTR0001", i));
      }
      publish(meter, "meters/MTR0001/data", MqttHostileMessagesTest.push("MTR0001"));
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.storedSerials.size() >= 11);
      assertThat(sink.storedSerials).hasSize(11);
    } finally {
      close(meter);
    }
  }

  /** One distinct reading in the documented JSON form. */
  static byte[] json(String serial, int i) {
    return ("{\"serial\":\""
            + serial
            + "\",\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\""
            + Instant.parse("2026-11-22T00:00:00Z").plusSeconds(900L * i)
            + "\",\"value\":\""
            + (1000 + i)
            + "\",\"unit\":\"Wh\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
