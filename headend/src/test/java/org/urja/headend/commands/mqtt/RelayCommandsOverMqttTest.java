package org.urja.headend.commands.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.urja.headend.commands.RelayState;
import org.urja.headend.commands.RelaySwitch;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.mqtt.BrokerSubscriber;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * Relay commands to meters behind MQTT gateways: the head-end publishes the JSON command, the
 * simulated DCU switches the meter's Disconnect control object and replies with the state it read
 * back, on a real broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayCommandsOverMqttTest {
  static final Instant START = Instant.parse("2026-11-21T18:30:00Z");
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  EmbeddedBroker broker;
  MqttFleet directMode;
  MqttFleet buttonMode;
  MqttFleet noRemoteControl;
  MqttRelayTransport transport;

  @BeforeAll
  void start() throws Exception {
    broker = EmbeddedBroker.start(0);
    directMode = new MqttFleet(fleet("MQD", 4), model, broker.uri(), 1).start();
    buttonMode = new MqttFleet(fleet("MQB", 1), model, broker.uri(), 1).start();
    noRemoteControl = new MqttFleet(fleet("MQZ", 0), model, broker.uri(), 1).start();
    transport =
        new MqttRelayTransport(
                MqttRelayConfig.anonymous(broker.uri(), "hes-relay-test", Duration.ofSeconds(2)),
                registry,
                Clock.systemUTC())
            .start();
  }

  static FleetConfig fleet(String prefix, int controlMode) {
    return new FleetConfig(
        1,
        0,
        prefix,
        9L,
        START,
        Duration.ofMinutes(15),
        Duration.ofMillis(200),
        0,
        controlMode,
        1000);
  }

  @AfterAll
  void stop() {
    transport.close();
    directMode.close();
    buttonMode.close();
    noRemoteControl.close();
    broker.close();
  }

  RelayState send(String serial, RelaySwitch command) throws Exception {
    return transport.send(serial, command).get(10, TimeUnit.SECONDS);
  }

  @Test
  void aDisconnectOverMqttOpensTheRelayConsumptionStopsAndAReconnectClosesIt() throws Exception {
    SimulatedMeter meter = directMode.meter("MQD00000000").orElseThrow();

    RelayState after = send("MQD00000000", RelaySwitch.disconnect());
    assertThat(after.disconnected()).isTrue();
    assertThat(after.controlMode()).isEqualTo(4);
    assertThat(directMode.onMeter(meter, () -> meter.relay().outputState())).isFalse();

    long energyAtDisconnect = directMode.onMeter(meter, meter::importWh);
    long intervalAtDisconnect = directMode.onMeter(meter, meter::interval);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> directMode.onMeter(meter, meter::interval) > intervalAtDisconnect + 3);
    assertThat(directMode.onMeter(meter, meter::importWh)).isEqualTo(energyAtDisconnect);

    RelayState back = send("MQD00000000", RelaySwitch.reconnect());
    assertThat(back.connected()).isTrue();
    assertThat(directMode.onMeter(meter, () -> meter.relay().outputState())).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> directMode.onMeter(meter, meter::importWh) > energyAtDisconnect);
    assertThat(directMode.stats().events())
        .isGreaterThanOrEqualTo(2); // 301 then 302, pushed by the gateway
  }

  @Test
  void aReconnectInControlMode1LeavesTheMeterReadyForReconnection() throws Exception {
    SimulatedMeter meter = buttonMode.meter("MQB00000000").orElseThrow();
    assertThat(send("MQB00000000", RelaySwitch.disconnect()).disconnected()).isTrue();

    RelayState state = send("MQB00000000", RelaySwitch.reconnect());

    assertThat(state.awaitingConsumer()).isTrue();
    assertThat(state.outputState()).isFalse();
    assertThat(state.describe()).isEqualTo("ready_for_reconnection");
    assertThat(buttonMode.onMeter(meter, () -> meter.relay().controlState())).isEqualTo(2);
    assertThat(transport.readRelay("MQB00000000").get(10, TimeUnit.SECONDS).awaitingConsumer())
        .isTrue();
  }

  @Test
  void aMeterWithoutRemoteControlRefusesAndTheFailureIsNotATimeout() {
    assertThatThrownBy(() -> send("MQZ00000000", RelaySwitch.disconnect()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(GatewayRejectedException.class)
        .hasMessageContaining("refused")
        .hasMessageContaining("control_mode 0");
  }

  @Test
  void aMeterWhoseGatewayNeverRepliesTimesOut() {
    CompletableFuture<RelayState> lost = transport.send("NOGATEWAY01", RelaySwitch.disconnect());
    assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(transport.inFlight()).isZero();
  }

  @Test
  void duplicateAndUnknownRepliesAreIgnoredAndCounted() throws Exception {
    BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    try (BrokerSubscriber gateway =
        BrokerSubscriber.subscribe(
            broker.uri(),
            "hand-made-gateway",
            "meters/HAND0001/commands",
            (topic, payload) -> commands.add(new String(payload, StandardCharsets.UTF_8)))) {
      CompletableFuture<RelayState> read = transport.readRelay("HAND0001");
      String command = commands.poll(10, TimeUnit.SECONDS);
      assertThat(command).contains("\"action\":\"read_relay\"").contains("\"issuedAt\":\"");
      String id = GatewayCommand.JSON.readTree(command).get("id").textValue();
      String reply =
          "{\"id\":\""
              + id
              + "\",\"result\":\"ok\",\"outputState\":true,\"controlState\":1,\"controlMode\":4}";
      double duplicatesBefore = transport.ignoredReplies("duplicate");
      double unknownBefore = transport.ignoredReplies("unknown");

      gateway.publish("meters/HAND0001/replies", reply.getBytes(StandardCharsets.UTF_8));
      gateway.publish("meters/HAND0001/replies", reply.getBytes(StandardCharsets.UTF_8));
      gateway.publish(
          "meters/HAND0001/replies",
          reply.replace(id, "not-a-command-of-ours").getBytes(StandardCharsets.UTF_8));

      assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(new RelayState(true, 1, 4));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  transport.ignoredReplies("duplicate") == duplicatesBefore + 1
                      && transport.ignoredReplies("unknown") == unknownBefore + 1);
    }
  }
}
