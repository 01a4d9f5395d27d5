package org.urja.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.deadletter.DeadLetter;
import org.urja.ingest.deadletter.DeadLetters;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSightings;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.mqtt.TestBroker;
import org.urja.protocol.obis.ObisCode;

/**
 * No MQTT message stops ingest: through a real broker and a real database, a payload that breaks
 * the decoder, absurd JSON, and a message the store fails on every time leave the listener
 * connected and the messages around them stored; the repeated failure ends in the dead letters.
 */
class MqttHostileMessagesTest extends PostgresTestSupport {
  /** The APDU of issue 7's 18-byte TCP frame: a compact-array of a zero-width element type. */
  static final byte[] ZERO_WIDTH_COMPACT_ARRAY = HexFormat.of().parseHex("0f000000010013000100");

  TestBroker broker;
  MqttClient gateway;
  SimpleMeterRegistry registry;

  @BeforeEach
  void startBrokerAndGateway() throws Exception {
    truncate("dead_letters", "mqtt_delivery_attempts", "mqtt_subscriptions");
    broker = TestBroker.start();
    gateway = new MqttClient(broker.uri(), "dcu-hostile", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    // Paho can release an in-flight slot just after the blocking publish returns; a flood of
    // back-to-back publishes then trips its default limit of 10 (seen once in CI-like load)
    o.setMaxInflight(1_000);
    gateway.connect(o);
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway.isConnected()) {
      gateway.disconnect();
    }
    gateway.close();
    broker.close();
  }

  /** Stands in for the batch writer: stores what it is given, or fails as the test decides. */
  static class RecordingSink implements ReadingSink {
    final List<String> storedSerials = new CopyOnWriteArrayList<>();
    final List<String> refusedSerials = new CopyOnWriteArrayList<>();
    final String refuse;

    RecordingSink(String refuse) {
      this.refuse = refuse;
    }

    @Override
    public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
      String serial =
          readings.isEmpty() ? events.get(0).meterSerial() : readings.get(0).meterSerial();
      if (serial.equals(refuse)) {
        refusedSerials.add(serial);
        return CompletableFuture.failedFuture(
            new IllegalStateException("the store refused " + serial));
      }
      storedSerials.add(serial);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean hasCapacity() {
      return true;
    }

    @Override
    public void addCapacityListener(Consumer<Boolean> listener) {}
  }

  MqttIngest ingest(String clientId, ReadingSink sink, List<String> topics) throws Exception {
    MqttIngestConfig cfg =
        new MqttIngestConfig(BrokerSettings.anonymous(broker.uri(), clientId), topics, 3);
    return new MqttIngest(
            cfg,
            sink,
            s -> MeterModelCatalog.bundled().defaultModel(),
            MeterSightings.NONE,
            new IngestMetrics(registry),
            MqttIngestState.in(dataSource()))
        .start();
  }

  static byte[] push(String serial) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes(StandardCharsets.US_ASCII)),
            DlmsData.octets(
                CosemDateTime.of(
                        Instant.parse("2026-11-22T04:30:00Z"),
                        ZoneId.of("Asia/Kolkata"),
                        CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.u32(1000),
            DlmsData.u32(1050),
            DlmsData.u32(0),
            DlmsData.u16(23011),
            DlmsData.u32(4_100),
            DlmsData.u32(940),
            DlmsData.bool(true));
    return new DataNotification(1, Optional.empty(), body).encode();
  }

  void publish(String topic, byte[] payload) throws Exception {
    gateway.publish(topic, payload, 1, false);
  }

  double count(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  double decodeErrors() {
    return registry.find("urja.ingest.decode.errors").tag("transport", "mqtt").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /**
   * With a bounded decoder the ten bytes are a decode error at once. With the unbounded one this
   * branch may still meet, decoding them runs the heap out (tens of seconds), which is caught as a
   * fault: the message stays unacknowledged and is dead-lettered after repeated failure. Either way
   * the messages around it are stored and the listener stays (or gets back) connected.
   */
  @Test
  void theTenBytesThatExhaustTheDecoderDoNotStopIngest() throws Exception {
    RecordingSink sink = new RecordingSink("none");
    try (MqttIngest in = ingest("hes-ten-bytes", sink, List.of("meters/+/data"))) {
      publish("meters/MQ000010/data", push("MQ000010"));
      publish("meters/MQX/data", ZERO_WIDTH_COMPACT_ARRAY);
      publish("meters/MQ000011/data", push("MQ000011"));

      await().atMost(Duration.ofMinutes(4)).until(() -> sink.storedSerials.size() == 2);
      assertThat(sink.storedSerials).containsExactly("MQ000010", "MQ000011");
      assertThat(decodeErrors() + count("urja.ingest.mqtt.faults")).isGreaterThanOrEqualTo(1);
      await().atMost(Duration.ofSeconds(30)).until(in::isConnected);
    }
  }

  @Test
  void jsonWithAnAbsurdExponentDoesNotStopIngest() throws Exception {
    RecordingSink sink = new RecordingSink("none");
    byte[] absurd =
        ("{\"readings\":[{\"obis\":\"1.0.1.8.0.255\",\"ts\":\"2026-11-22T04:30:00Z\","
                + "\"value\":\"1e999999999\",\"unit\":\"Wh\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    try (MqttIngest in = ingest("hes-json", sink, List.of("meters/+/data"))) {
      publish("meters/MQ000020/data", push("MQ000020"));
      publish("meters/MQ000021/data", absurd);
      publish("meters/MQ000022/data", push("MQ000022"));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.storedSerials.containsAll(List.of("MQ000020", "MQ000022")));
      // a decoder that bounds numbers rejects it (counted); one that does not hands it on: never a
      // lost connection
      assertThat(decodeErrors() + (sink.storedSerials.contains("MQ000021") ? 1 : 0)).isEqualTo(1);
      assertThat(in.isConnected()).isTrue();
    }
  }

  @Test
  void aFloodOfBadMessagesIsCountedAndAcknowledgedWhileGoodOnesAreStored() throws Exception {
    RecordingSink sink = new RecordingSink("none");
    try (MqttIngest in = ingest("hes-flood", sink, List.of("meters/+/data"))) {
      for (int i = 0; i < 50; i++) {
        publish("meters/MQ000030/data", ("not a push " + i).getBytes(StandardCharsets.US_ASCII));
      }
      publish("meters/MQ000031/data", push("MQ000031"));
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.storedSerials.contains("MQ000031"));
      assertThat(decodeErrors()).isEqualTo(50);
      assertThat(in.isConnected()).isTrue();
    }
    // all were acknowledged: the same client id, back, is given none of them again
    RecordingSink after = new RecordingSink("none");
    try (MqttIngest again = ingest("hes-flood", after, List.of("meters/+/data"))) {
      publish("meters/MQ000032/data", push("MQ000032"));
      await().atMost(Duration.ofSeconds(30)).until(() -> after.storedSerials.contains("MQ000032"));
      assertThat(decodeErrors()).isEqualTo(50);
    }
  }

  @Test
  void aMessageThatFailsThreeTimesGoesToTheDeadLettersAndIsAcknowledged() throws Exception {
    DeadLetters deadLetters = new DeadLetters(dataSource());
    publishAfterSubscribing("hes-poison-restarts");
    // every restart of the node gets the unacknowledged message again, and the store fails on it
    // again
    for (int restart = 1; restart <= 3; restart++) {
      RecordingSink sink = new RecordingSink("MQ000040");
      try (MqttIngest in = ingest("hes-poison-restarts", sink, List.of("meters/+/data"))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.refusedSerials.size() == 1);
        int attempt = restart;
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    deadLetters.countOpen() == (attempt == 3 ? 1 : 0)
                        && queryLong("SELECT count(*) FROM mqtt_delivery_attempts")
                            == (attempt == 3 ? 0 : 1));
        assertThat(in.isConnected()).isTrue();
      }
    }
    DeadLetter letter = deadLetters.list(false, Long.MAX_VALUE, 10).get(0);
    assertThat(letter.source()).isEqualTo("mqtt");
    assertThat(letter.origin()).isEqualTo("meters/MQ000040/data");
    assertThat(letter.meterSerial()).isEqualTo("MQ000040");
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.detail()).contains("the store refused MQ000040");
    assertThat(letter.payload()).isEqualTo(push("MQ000040"));

    // acknowledged: the fourth start is not given it again, and ingest goes on
    RecordingSink fourth = new RecordingSink("MQ000040");
    try (MqttIngest in = ingest("hes-poison-restarts", fourth, List.of("meters/+/data"))) {
      publish("meters/MQ000041/data", push("MQ000041"));
      await().atMost(Duration.ofSeconds(30)).until(() -> fourth.storedSerials.contains("MQ000041"));
      assertThat(fourth.refusedSerials).isEmpty();
    }
  }

  /**
   * The node subscribes once (its persistent session now exists), stops, and the message waits for
   * it at the broker.
   */
  private void publishAfterSubscribing(String clientId) throws Exception {
    try (MqttIngest first = ingest(clientId, new RecordingSink("none"), List.of("meters/+/data"))) {
      assertThat(first.isConnected()).isTrue();
    }
    publish("meters/MQ000040/data", push("MQ000040"));
  }

  @Test
  void filtersNoLongerConfiguredAreUnsubscribedSoNothingArrivesTwice() throws Exception {
    RecordingSink before = new RecordingSink("none");
    try (MqttIngest in =
        ingest("hes-switched", before, List.of("meters/+/data", "meters/+/events"))) {
      assertThat(
              queryLong("SELECT count(*) FROM mqtt_subscriptions WHERE client_id = 'hes-switched'"))
          .isEqualTo(2);
    }
    RecordingSink after = new RecordingSink("none");
    try (MqttIngest in = ingest("hes-switched", after, List.of("meters/+/events"))) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  queryLong(
                          "SELECT count(*) FROM mqtt_subscriptions WHERE client_id = 'hes-switched'")
                      == 1);
      publish("meters/MQ000050/data", push("MQ000050"));
      publish("meters/MQ000051/events", push("MQ000051"));
      await().atMost(Duration.ofSeconds(30)).until(() -> after.storedSerials.contains("MQ000051"));
      assertThat(after.storedSerials).containsExactly("MQ000051");
    }
    assertThat(
            queryLong(
                "SELECT count(*) FROM mqtt_subscriptions WHERE client_id = 'hes-switched' AND topic_filter = 'meters/+/events'"))
        .isEqualTo(1);
  }
}
