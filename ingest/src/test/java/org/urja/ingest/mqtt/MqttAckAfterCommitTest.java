package org.urja.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
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
 * The MQTT listener acknowledges a message only after its readings are stored: a head-end that
 * stops before the store commits gets the message again from the broker.
 */
class MqttAckAfterCommitTest extends PostgresTestSupport {
  TestBroker broker;
  String uri;

  @BeforeEach
  void startBroker() throws Exception {
    broker = TestBroker.start();
    uri = broker.uri();
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }

  /** A sink standing in for the store, whose commits the test decides. */
  static final class ControlledSink implements ReadingSink {
    final List<List<Reading>> received = new CopyOnWriteArrayList<>();
    final Function<List<Reading>, CompletableFuture<?>> commit;

    ControlledSink(Function<List<Reading>, CompletableFuture<?>> commit) {
      this.commit = commit;
    }

    @Override
    public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
      received.add(readings);
      return commit.apply(readings);
    }

    @Override
    public boolean hasCapacity() {
      return true;
    }

    @Override
    public void addCapacityListener(Consumer<Boolean> listener) {}
  }

  MqttIngest ingest(ReadingSink sink) throws Exception {
    MqttIngestConfig cfg =
        new MqttIngestConfig(
            BrokerSettings.anonymous(uri, "hes-under-test"), List.of("meters/+/data"), 3);
    return new MqttIngest(
            cfg,
            sink,
            s -> MeterModelCatalog.bundled().defaultModel(),
            MeterSightings.NONE,
            new IngestMetrics(new SimpleMeterRegistry()),
            MqttIngestState.in(dataSource()))
        .start();
  }

  byte[] push(String serial) {
    DlmsData body =
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes()),
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

  @Test
  void aMessageWhoseReadingsWereNotCommittedIsDeliveredAgain() throws Exception {
    ControlledSink databaseDown = new ControlledSink(r -> new CompletableFuture<>());
    MqttIngest first = ingest(databaseDown);
    MqttClient gateway = new MqttClient(uri, "dcu-1", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    gateway.connect(o);
    gateway.publish("meters/MQ000001/data", push("MQ000001"), 1, false);
    await().atMost(Duration.ofSeconds(10)).until(() -> databaseDown.received.size() == 1);
    first.close(); // the node stops before the store committed: no PUBACK was sent

    ControlledSink databaseUp = new ControlledSink(r -> CompletableFuture.completedFuture(null));
    try (MqttIngest second = ingest(databaseUp)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> databaseUp.received.size() >= 1);
      assertThat(databaseUp.received.get(0))
          .hasSize(7)
          .allSatisfy(r -> assertThat(r.meterSerial()).isEqualTo("MQ000001"));
    }
    gateway.disconnect();
  }

  @Test
  void anUndecodableMessageIsAcknowledgedAndCountedSoItIsNotRedeliveredForever() throws Exception {
    ControlledSink sink = new ControlledSink(r -> CompletableFuture.completedFuture(null));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MqttIngestConfig cfg =
        new MqttIngestConfig(
            BrokerSettings.anonymous(uri, "hes-poison"), List.of("meters/+/data"), 3);
    try (MqttIngest in =
        new MqttIngest(
                cfg,
                sink,
                s -> MeterModelCatalog.bundled().defaultModel(),
                MeterSightings.NONE,
                new IngestMetrics(registry),
                MqttIngestState.in(dataSource()))
            .start()) {
      MqttClient gateway = new MqttClient(uri, "dcu-2", new MemoryPersistence());
      gateway.connect();
      gateway.publish("meters/MQ000002/data", new byte[] {0x0F, 0x00, 0x01}, 1, false);
      gateway.publish("meters/MQ000002/data", push("MQ000002"), 1, false);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received.size() == 1);
      assertThat(
              registry.find("urja.ingest.decode.errors").tag("transport", "mqtt").counter().count())
          .isEqualTo(1);
      gateway.disconnect();
    }
  }
}
