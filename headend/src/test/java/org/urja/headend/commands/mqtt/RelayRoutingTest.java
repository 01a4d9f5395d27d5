package org.urja.headend.commands.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.commands.MeterUnreachableException;
import org.urja.headend.commands.RelayState;
import org.urja.headend.commands.RelaySwitch;
import org.urja.headend.commands.RoutingRelayTransport;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * One head-end node with meters of both kinds: a meter that dialled in over TCP is switched by DLMS
 * on its own connection, a meter behind an MQTT gateway through the gateway, and a meter reachable
 * neither way is reported unreachable so the dispatcher retries.
 */
class RelayRoutingTest extends PostgresTestSupport {
  static final Instant START = Instant.parse("2026-11-21T18:30:00Z");
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final MeterRegistry mqttMetrics = new SimpleMeterRegistry();
  EmbeddedBroker broker;
  HeadEnd hes;
  TcpFleet tcpMeters;
  MqttFleet gatewayMeters;
  MqttRelayTransport overMqtt;
  RoutingRelayTransport routing;

  @BeforeAll
  void start() throws Exception {
    broker = EmbeddedBroker.start(0);
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("store.unknown.meters", "AUTO_REGISTER")
            .with("ingest.clock.tolerance", "P365D")
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("keys.master.generate", "true");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    FleetKeys.importFleets(hes.meterKeys(), java.util.List.of(fleet("RTT")), null, "test");
    tcpMeters =
        new TcpFleet(
                fleet("RTT"),
                model,
                "127.0.0.1",
                hes.tcpPort(),
                1,
                StrictMeters.handlers(fleet("RTT").seed()))
            .pushEncoding(StrictMeters.cipheredPushes(fleet("RTT").seed()))
            .start();
    gatewayMeters = new MqttFleet(fleet("RTM"), model, broker.uri(), 1).start();
    overMqtt =
        new MqttRelayTransport(
                MqttRelayConfig.anonymous(broker.uri(), "routing-relay", Duration.ofSeconds(3)),
                mqttMetrics,
                Clock.systemUTC())
            .start();
    routing = new RoutingRelayTransport(hes.sessions(), hes.commands()::run, Optional.of(overMqtt));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> hes.sessions().find("RTT00000000").isPresent());
  }

  static FleetConfig fleet(String prefix) {
    return new FleetConfig(
        1, 0, prefix, 3L, START, Duration.ofMinutes(15), Duration.ofMillis(200), 0, 4, 1000);
  }

  @AfterAll
  void stop() {
    overMqtt.close();
    tcpMeters.close();
    gatewayMeters.close();
    hes.close();
    broker.close();
  }

  long dlmsCommands() {
    return hes.registry().find("urja.commands").timers().stream().mapToLong(t -> t.count()).sum();
  }

  long mqttCommands() {
    return mqttMetrics.find("urja.commands.mqtt").timers().stream().mapToLong(t -> t.count()).sum();
  }

  @Test
  void aMeterConnectedOverTcpIsSwitchedByDlms() throws Exception {
    SimulatedMeter meter = tcpMeters.meter("RTT00000000").orElseThrow();
    long dlmsBefore = dlmsCommands();
    long mqttBefore = mqttCommands();

    RelayState state =
        routing.send("RTT00000000", RelaySwitch.disconnect()).get(15, TimeUnit.SECONDS);

    assertThat(state.disconnected()).isTrue();
    assertThat(tcpMeters.onMeter(meter, () -> meter.relay().outputState())).isFalse();
    assertThat(dlmsCommands()).isEqualTo(dlmsBefore + 1);
    assertThat(mqttCommands()).isEqualTo(mqttBefore);
  }

  @Test
  void aMeterBehindAnMqttGatewayIsSwitchedThroughTheGateway() throws Exception {
    SimulatedMeter meter = gatewayMeters.meter("RTM00000000").orElseThrow();
    long dlmsBefore = dlmsCommands();
    long mqttBefore = mqttCommands();

    RelayState state =
        routing.send("RTM00000000", RelaySwitch.disconnect()).get(15, TimeUnit.SECONDS);

    assertThat(state.disconnected()).isTrue();
    assertThat(gatewayMeters.onMeter(meter, () -> meter.relay().outputState())).isFalse();
    // the transport times the command as it completes, on its own thread
    await().atMost(Duration.ofSeconds(5)).until(() -> mqttCommands() == mqttBefore + 1);
    assertThat(dlmsCommands()).isEqualTo(dlmsBefore);
  }

  @Test
  void withoutAnMqttTransportAMeterNotConnectedHereIsUnreachable() {
    RoutingRelayTransport tcpOnly =
        new RoutingRelayTransport(hes.sessions(), hes.commands()::run, Optional.empty());

    assertThatThrownBy(
            () -> tcpOnly.send("RTM00000000", RelaySwitch.disconnect()).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MeterUnreachableException.class);
  }
}
