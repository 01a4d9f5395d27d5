package org.urja.headend.commands.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.app.NodeSettings;
import org.urja.headend.commands.MeterUnreachableException;
import org.urja.headend.commands.RelayCommandDispatcher;
import org.urja.headend.commands.RoutingRelayTransport;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.headend.notify.MqttChannelSettings;
import org.urja.headend.notify.MqttNotificationChannel;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.ingest.db.PartitionMaintainer;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.metrics.IngestMetrics;
import org.urja.ingest.mqtt.BrokerSettings;
import org.urja.ingest.mqtt.MqttIngest;
import org.urja.ingest.mqtt.MqttIngestConfig;
import org.urja.ingest.mqtt.MqttIngestState;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.ReadingChecks;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.mqtt.BrokerSubscriber;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.meter.SimClock;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * A prepaid consumer whose meter sits behind a DCU that speaks MQTT, on real components wired as a
 * head-end node wires them: pushes arrive over the broker and are charged, the credit runs out, the
 * relay opens by a JSON command the gateway carries out, the consumer's messages go out over MQTT
 * to an SMS gateway; a recharge closes the relay again — or, for a meter in control mode 1, arms it
 * for the consumer's button, and the ledger records ready_for_reconnection.
 */
class PrepaidMeterOverMqttEndToEndTest extends PostgresTestSupport {
  static final String DIRECT = "PRM00000000";
  static final String BUTTON = "PRB00000000";
  static final ObjectMapper JSON = new ObjectMapper();

  final Clock clock = Clock.systemUTC();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final Queue<JsonNode> smsGatewayInbox = new ConcurrentLinkedQueue<>();
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  EmbeddedBroker broker;
  MqttNotificationChannel notifications;
  PrepaidEngine prepaid;
  BatchWriter writer;
  MqttIngest ingest;
  MqttRelayTransport relay;
  BrokerSubscriber smsGateway;
  MqttFleet directMode;
  MqttFleet buttonMode;

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeAll
  void start() throws Exception {
    broker = EmbeddedBroker.start(0);
    UrjaConfig cfg = UrjaConfig.defaults();
    HeadEnd.migrate(dataSource(), cfg);
    new PartitionMaintainer(dataSource(), 30, 7, clock).ensurePartitions();

    smsGateway =
        BrokerSubscriber.subscribe(
            broker.uri(),
            "sms-gateway",
            "consumers/+/notifications",
            (topic, payload) -> smsGatewayInbox.add(readJson(payload)));

    // the wiring HeadEnd does for a node with an MQTT broker, with the MQTT notification channel
    // added
    notifications =
        new MqttNotificationChannel(MqttChannelSettings.anonymous(broker.uri(), "e2e-notify"))
            .start();
    prepaid =
        new PrepaidEngine(
            dataSource(), NodeSettings.prepaidEngine(cfg), registry, clock, List.of(notifications));
    prepaid.schedule(scheduler, Duration.ofMillis(500), clock);
    // the simulated meters' clocks run a day in seconds: the clock check is not under test here
    MeterDirectory directory =
        new MeterDirectory(
            dataSource(),
            UnknownMeterPolicy.AUTO_REGISTER,
            registry,
            new ReadingChecks(clock, Duration.ofDays(365), registry));
    writer = new BatchWriter(dataSource(), directory, BatchWriterConfig.defaults(), registry);
    writer.addCommitListener(prepaid.feed()::committed);
    ingest =
        new MqttIngest(
                new MqttIngestConfig(
                    BrokerSettings.anonymous(broker.uri(), "e2e-ingest"),
                    List.of("meters/+/data", "meters/+/events"),
                    3),
                writer,
                serial -> model,
                directory::touch,
                new IngestMetrics(registry),
                MqttIngestState.in(dataSource()))
            .start();
    relay =
        new MqttRelayTransport(
                MqttRelayConfig.anonymous(broker.uri(), "e2e-relay", Duration.ofSeconds(5)),
                registry,
                clock)
            .start();
    RoutingRelayTransport routing =
        new RoutingRelayTransport(
            new MeterSessions(),
            (serial, command) ->
                CompletableFuture.failedFuture(new MeterUnreachableException(serial)),
            Optional.of(relay));
    RelayCommandDispatcher dispatcher =
        new RelayCommandDispatcher(prepaid.relayQueue(), routing, clock, 10);
    scheduler.scheduleWithFixedDelay(dispatcher::poll, 200, 200, TimeUnit.MILLISECONDS);

    // a utility that may disconnect at any hour on any day, with no grace: the story fits in
    // seconds
    prepaid.utilities().register("TESTCO", "Test Discom", UtilitySettings.disconnectingAtOnce());
    prepaid
        .tariffs()
        .save(
            new Tariff(
                "TESTCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    open("ACC-2001", DIRECT);
    open("ACC-2002", BUTTON);

    Instant simStart = SimClock.alignedStart(Instant.now(), Duration.ofMinutes(15), 96);
    directMode =
        new MqttFleet(
                new FleetConfig(
                    1,
                    0,
                    "PRM",
                    5L,
                    simStart,
                    Duration.ofMinutes(15),
                    Duration.ofMillis(150),
                    0,
                    4,
                    100),
                model,
                broker.uri(),
                1)
            .start();
    buttonMode =
        new MqttFleet(
                new FleetConfig(
                    1,
                    0,
                    "PRB",
                    6L,
                    simStart,
                    Duration.ofMinutes(15),
                    Duration.ofMillis(150),
                    0,
                    1,
                    100),
                model,
                broker.uri(),
                1)
            .start();
  }

  void open(String account, String meter) {
    prepaid
        .accounts()
        .open(
            new Account(
                account,
                "TESTCO",
                "Asha Devi",
                "+919800000001",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            meter);
    recharge(account, "UTR-" + account + "-1", 1_500);
  }

  void recharge(String account, String reference, long paise) {
    prepaid.payments().post(account, paise, reference, "UPI", clock.instant());
  }

  static JsonNode readJson(byte[] payload) {
    try {
      return JSON.readTree(payload);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Stops what started, in reverse order, even when set-up failed half-way: nothing keeps running
   * into the next test class.
   */
  @AfterAll
  void stop() {
    scheduler.shutdownNow();
    for (AutoCloseable c :
        new AutoCloseable[] {
          directMode, buttonMode, ingest, relay, notifications, writer, prepaid, smsGateway, broker
        }) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(getClass()).warn("closing {} failed", c, e);
        }
      }
    }
  }

  long count(String sql) {
    return queryLong(sql);
  }

  boolean smsReceived(String account, String kind) {
    return smsGatewayInbox.stream()
        .anyMatch(
            n ->
                n.path("accountId").asText().equals(account)
                    && n.path("kind").asText().equals(kind));
  }

  @Test
  void aPrepaidMeterBehindAGatewayRunsOutIsDisconnectedOverMqttAndReconnectedByARecharge()
      throws Exception {
    SimulatedMeter meter = directMode.meter(DIRECT).orElseThrow();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !directMode.onMeter(meter, () -> meter.relay().outputState()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM relay_commands WHERE meter_serial = '"
                            + DIRECT
                            + "' AND action = 'disconnect' AND status = 'confirmed'")
                    == 1);
    assertThat(prepaid.queries().balancePaise("ACC-2001")).isNegative();

    // the consumer hears of it through the SMS gateway subscribed on the broker, once
    await().atMost(Duration.ofSeconds(15)).until(() -> smsReceived("ACC-2001", "disconnected"));
    assertThat(
            count(
                "SELECT count(*) FROM notification_outbox WHERE account_id = 'ACC-2001' AND channel = 'mqtt' "
                    + "AND kind = 'disconnected' AND status = 'delivered'"))
        .isEqualTo(1);

    long frozen = directMode.onMeter(meter, meter::importWh);
    long at = directMode.onMeter(meter, meter::interval);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> directMode.onMeter(meter, meter::interval) >= at + 4);
    assertThat(directMode.onMeter(meter, meter::importWh)).isEqualTo(frozen);

    recharge("ACC-2001", "UTR-ACC-2001-2", 10_000);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> directMode.onMeter(meter, () -> meter.relay().outputState()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM relay_commands WHERE meter_serial = '"
                            + DIRECT
                            + "' AND action = 'reconnect' AND status = 'confirmed'")
                    == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> directMode.onMeter(meter, meter::importWh) > frozen);
    await().atMost(Duration.ofSeconds(15)).until(() -> smsReceived("ACC-2001", "reconnected"));
    // the load switch events the gateway pushed were stored as the meter's events
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM meter_events e JOIN meters m "
                            + "ON m.id = e.meter_id WHERE m.serial = '"
                            + DIRECT
                            + "'")
                    >= 2);
    // the meter is still consuming: balance and journal are compared in one statement, at one
    // snapshot
    assertThat(prepaid.queries().accountsOutOfBalance()).isEmpty();
  }

  @Test
  void aRechargeForAMeterInControlMode1IsRecordedAsReadyForReconnection() throws Exception {
    SimulatedMeter meter = buttonMode.meter(BUTTON).orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM relay_commands WHERE meter_serial = '"
                            + BUTTON
                            + "' AND action = 'disconnect' AND status = 'confirmed'")
                    == 1);

    recharge("ACC-2002", "UTR-ACC-2002-2", 10_000);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM relay_commands WHERE meter_serial = '"
                            + BUTTON
                            + "' AND action = 'reconnect' AND status = 'ready_for_reconnection' "
                            + "AND relay_state = 'ready_for_reconnection'")
                    == 1);
    assertThat(buttonMode.onMeter(meter, () -> meter.relay().outputState())).isFalse();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> smsReceived("ACC-2002", "press_button_to_reconnect"));
  }
}
