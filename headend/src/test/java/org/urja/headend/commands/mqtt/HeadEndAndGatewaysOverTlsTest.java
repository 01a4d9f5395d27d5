package org.urja.headend.commands.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.commands.RelayState;
import org.urja.headend.commands.RelaySwitch;
import org.urja.headend.notify.MqttChannelSettings;
import org.urja.headend.notify.MqttNotificationChannel;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.mqtt.BrokerSettings;
import org.urja.ingest.mqtt.MosquittoBroker;
import org.urja.ingest.mqtt.MqttClients;
import org.urja.ingest.mqtt.MqttIngest;
import org.urja.ingest.mqtt.MqttIngestConfig;
import org.urja.ingest.mqtt.MqttIngestState;
import org.urja.ingest.mqtt.MqttProtocol;
import org.urja.ingest.mqtt.PemTls;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.session.MeterSightings;
import org.urja.ledger.alerts.DeliveryResult;
import org.urja.ledger.alerts.OutboxMessage;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.GatewayLogin;
import org.urja.simulator.fleet.MqttFleet;

/**
 * Every MQTT client of the head-end and the simulator's gateways on a real Mosquitto with the
 * documented configuration: TLS everywhere, an account per gateway allowed only its meters' topics,
 * and the head-end's account with its client certificate for ingest, relay commands and
 * notifications.
 */
class HeadEndAndGatewaysOverTlsTest extends PostgresTestSupport {
  static final String HES = "urja-hes";
  static final String GATEWAY = "TLS-dcu-0";
  static final String METER = "TLS00000000";
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final List<String> stored = new CopyOnWriteArrayList<>();
  MosquittoBroker broker;
  MqttFleet gateways;
  MqttIngest ingest;
  MqttRelayTransport relay;

  @BeforeAll
  void start() throws Exception {
    Optional<Path> mosquitto = MosquittoBroker.executable();
    assumeTrue(
        mosquitto.isPresent(),
        "mosquitto is not installed (apt-get install mosquitto, as .ci/mosquitto-deps.sh does): the TLS test is skipped");
    String gatewayAcl =
        "user "
            + GATEWAY
            + "\ntopic write meters/"
            + METER
            + "/#\ntopic read meters/"
            + METER
            + "/commands\n";
    broker =
        MosquittoBroker.start(
            mosquitto.get(),
            Path.of("..", "docs", "mosquitto"),
            List.of(HES, GATEWAY, "urja-sms"),
            gatewayAcl);
    ingest =
        new MqttIngest(
                new MqttIngestConfig(
                    hes("urja-hes-1"), List.of("meters/+/data", "meters/+/events"), 3),
                new Sink(),
                s -> model,
                MeterSightings.NONE,
                new IngestMetrics(new SimpleMeterRegistry()),
                MqttIngestState.in(dataSource()))
            .start();
    relay =
        new MqttRelayTransport(
                new MqttRelayConfig(hes("urja-hes-1-relay"), Duration.ofSeconds(10)),
                new SimpleMeterRegistry(),
                Clock.systemUTC())
            .start();
    gateways =
        new MqttFleet(
                new FleetConfig(
                    1,
                    0,
                    "TLS",
                    9L,
                    Instant.parse("2026-11-21T18:30:00Z"),
                    Duration.ofMinutes(15),
                    Duration.ofMillis(300),
                    0,
                    4,
                    1000),
                model,
                broker.deviceUri(),
                1,
                new GatewayLogin(
                    PemTls.socketFactory(broker.deviceTls()), clientId -> MosquittoBroker.PASSWORD))
            .start();
  }

  BrokerSettings hes(String clientId) {
    return new BrokerSettings(
        broker.headEndUri(),
        clientId,
        HES,
        MosquittoBroker.PASSWORD,
        broker.headEndTls(),
        MqttProtocol.AUTO,
        Duration.ofMinutes(5));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {gateways, relay, ingest, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep stopping the rest
      }
    }
  }

  final class Sink implements ReadingSink {
    @Override
    public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
      readings.forEach(r -> stored.add(r.meterSerial()));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean hasCapacity() {
      return true;
    }

    @Override
    public void addCapacityListener(Consumer<Boolean> listener) {}
  }

  @Test
  void aGatewayLoggedInWithItsOwnAccountDeliversReadingsOverTls() {
    await().atMost(Duration.ofSeconds(30)).until(() -> stored.contains(METER));
    assertThat(ingest.protocol()).isEqualTo("MQTT 5");
    assertThat(stored).containsOnly(METER);
  }

  @Test
  void relayCommandsReachTheGatewayOverTlsAndItsReplyComesBack() throws Exception {
    RelayState off = relay.send(METER, RelaySwitch.disconnect()).get(20, TimeUnit.SECONDS);
    assertThat(off.disconnected()).isTrue();
    RelayState on = relay.send(METER, RelaySwitch.reconnect()).get(20, TimeUnit.SECONDS);
    assertThat(on.connected()).isTrue();
  }

  @Test
  void notificationsArePublishedOverTlsWithTheHeadEndsAccount() throws Exception {
    String payload = "{\"kind\":\"balance_low\",\"accountId\":\"ACC-1\",\"text\":\"Balance low\"}";
    OutboxMessage m =
        new OutboxMessage(
            7,
            "ACC-1",
            "TESTCO",
            "balance_low",
            "en",
            "mqtt",
            "+919800000001",
            "Balance low",
            payload,
            1,
            Instant.parse("2026-11-21T10:00:00Z"));
    BrokerSettings smsAccount =
        new BrokerSettings(
            broker.deviceUri(),
            "sms-gateway",
            "urja-sms",
            MosquittoBroker.PASSWORD,
            broker.deviceTls(),
            MqttProtocol.V3_1_1,
            Duration.ZERO);
    MqttClient sms =
        new MqttClient(smsAccount.uri(), smsAccount.clientId(), new MemoryPersistence());
    List<String> received = new CopyOnWriteArrayList<>();
    sms.connect(MqttClients.options(smsAccount, false, 10));
    sms.subscribe("consumers/+/notifications", 1, (topic, message) -> received.add(topic));
    try (MqttNotificationChannel channel =
        new MqttNotificationChannel(
                new MqttChannelSettings(hes("urja-hes-1-notify"), Duration.ofSeconds(10)))
            .start()) {
      assertThat(channel.deliver(m).outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> received.contains("consumers/ACC-1/notifications"));
    } finally {
      sms.disconnect();
      sms.close();
    }
  }
}
