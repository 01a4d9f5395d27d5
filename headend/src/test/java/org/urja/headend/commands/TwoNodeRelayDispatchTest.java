package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.ApiClient;
import org.urja.headend.api.ApiClient.Answer;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.demo.FleetKeys;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.relay.CommandStatus;
import org.urja.ledger.relay.RelayAction;
import org.urja.ledger.relay.RelayCommand;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * Two head-end nodes on one database, as behind an L4 load balancer: a meter's TCP association
 * lands on one of them, and a relay command for it is carried by that node at once, wherever the
 * command was raised — the other node never claims it and never reports the meter unreachable.
 */
class TwoNodeRelayDispatchTest extends PostgresTestSupport {
  HeadEnd nodeA;
  HeadEnd nodeB;
  TcpFleet metersOnB;

  static UrjaConfig node(String id) {
    return UrjaConfig.defaults()
        .with("store.unknown.meters", "AUTO_REGISTER")
        .with("ingest.clock.tolerance", "P365D")
        .with("tcp.port", "0")
        .with("http.port", "0")
        .with("tcp.bind", "127.0.0.1")
        .with("node.id", id)
        .with("relay.poll.every", "PT0.2S")
        .with("api.operator.tokens", "ops-" + id)
        .with("keys.master.generate", "true");
  }

  @Override
  protected int poolSize() {
    return 12;
  }

  @BeforeAll
  void start() throws Exception {
    nodeA = HeadEnd.start(node("node-a"), databaseConfig(), Optional.empty());
    nodeB = HeadEnd.start(node("node-b"), databaseConfig(), Optional.empty());
    FleetConfig onB =
        new FleetConfig(
            1,
            0,
            "TWO",
            4L,
            Instant.parse("2026-11-21T18:30:00Z"),
            Duration.ofMinutes(15),
            Duration.ofMillis(200),
            0,
            4,
            1000);
    // keys are shared by the nodes (one database, one master key): imported through either
    FleetKeys.importFleets(nodeA.meterKeys(), java.util.List.of(onB), null, "test");
    metersOnB =
        new TcpFleet(
                onB,
                MeterModelCatalog.bundled().defaultModel(),
                "127.0.0.1",
                nodeB.tcpPort(),
                1,
                StrictMeters.handlers(onB.seed()))
            .pushEncoding(StrictMeters.cipheredPushes(onB.seed()))
            .start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> nodeB.sessions().find("TWO00000000").isPresent());
    // the association is in the shared directory within the directory's flush period
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                queryLong(
                        "SELECT count(*) FROM meter_sessions WHERE meter_serial = 'TWO00000000' AND node_id = 'node-b'")
                    == 1);
  }

  @AfterAll
  void stop() {
    if (metersOnB != null) {
      metersOnB.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  void aCommandRaisedOnOneNodeIsCarriedByTheNodeHoldingTheMetersConnection() throws Exception {
    SimulatedMeter meter = metersOnB.meter("TWO00000000").orElseThrow();
    RelayCommand raised =
        nodeA
            .prepaid()
            .relayQueue()
            .requestManualForMeter(
                "TWO00000000", RelayAction.DISCONNECT, "ops@node-a", "two-node test");
    nodeA.dispatchRelayCommands(); // node A looks first: it must leave the command to node B

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !metersOnB.onMeter(meter, () -> meter.relay().outputState()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> history(raised).status() == CommandStatus.CONFIRMED);
    RelayCommand done = history(raised);
    assertThat(done.attempts()).isEqualTo(1); // node A never took it and failed it as unreachable
    assertThat(done.lastError()).isNull();
  }

  @Test
  void aNodeClaimsNothingForAMeterLiveOnAnotherNodeButAMeterConnectedNowhereIsAnyones() {
    RelayCommand elsewhere =
        nodeA
            .prepaid()
            .relayQueue()
            .requestManualForMeter("TWO00000000", RelayAction.RECONNECT, "ops", "claim test");
    RelayCommand nowhere =
        nodeA
            .prepaid()
            .relayQueue()
            .requestManualForMeter("GONE0001", RelayAction.DISCONNECT, "ops", "claim test");
    // the dispatchers of both nodes are running: look at what each one was allowed to take
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> history(elsewhere).status() == CommandStatus.CONFIRMED);
    assertThat(history(elsewhere).attempts()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> history(nowhere).attempts() >= 1);
    assertThat(history(nowhere).lastError()).contains("not connected");
  }

  @Test
  void aReadNowSentToTheWrongNodeNamesTheNodeToAsk() throws Exception {
    ApiClient onA = new ApiClient(nodeA.httpPort());
    Answer wrong =
        onA.post(
            "ops-node-a",
            "/api/commands",
            "{\"meterSerial\":\"TWO00000000\",\"action\":\"read-now\",\"reason\":\"consumer on the phone\"}");
    assertThat(wrong.status()).isEqualTo(409);
    assertThat(wrong.json().get("code").asText()).isEqualTo("meter_on_other_node");
    assertThat(wrong.json().get("message").asText()).contains("node-b");

    Answer right =
        new ApiClient(nodeB.httpPort())
            .post(
                "ops-node-b",
                "/api/commands",
                "{\"meterSerial\":\"TWO00000000\",\"action\":\"read-now\",\"reason\":\"consumer on the phone\"}");
    assertThat(right.status()).isEqualTo(200);
    assertThat(right.json().get("readings").size()).isGreaterThan(0);
  }

  RelayCommand history(RelayCommand c) {
    return nodeA.prepaid().relayQueue().history(c.meterSerial()).stream()
        .filter(x -> x.id() == c.id())
        .findFirst()
        .orElseThrow();
  }
}
