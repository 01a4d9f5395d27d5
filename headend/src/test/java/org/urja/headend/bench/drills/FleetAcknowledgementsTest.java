package org.urja.headend.bench.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.urja.headend.embedded.EmbeddedBroker;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.security.StrictMeters;

/**
 * The counts the fault drills compare with the database: what the wire accepted from a simulated
 * fleet, PUBACKs from a real broker and TCP writes to a listening socket.
 */
class FleetAcknowledgementsTest {
  static final int METERS = 10;
  static final int INTERVALS = 3;
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();

  FleetConfig fleet(String prefix) {
    return new FleetConfig(
        METERS,
        0,
        prefix,
        7L,
        Instant.parse("2026-11-20T18:30:00Z"),
        Duration.ofMinutes(15),
        Duration.ofMillis(200),
        INTERVALS,
        4,
        1_000);
  }

  @Test
  void everyDataMessageTheBrokerAcknowledgedIsCountedOnce() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(0);
        MqttFleet fleet = new MqttFleet(fleet("MQT"), model, broker.uri(), 2).start()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> fleet.stats().dataAccepted() == (long) METERS * INTERVALS);
      assertThat(fleet.stats().pushes()).isEqualTo((long) METERS * INTERVALS);
      assertThat(fleet.stats().eventsAccepted()).isEqualTo(fleet.stats().events());
    }
  }

  @Test
  void everyPushWrittenToTheHeadEndsSocketIsCountedOnce() throws Exception {
    ExecutorService readers = Executors.newCachedThreadPool();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      readers.execute(() -> acceptAndDiscard(listener, readers));
      try (TcpFleet fleet =
          new TcpFleet(
                  fleet("TCP"),
                  model,
                  "127.0.0.1",
                  listener.getLocalPort(),
                  1,
                  StrictMeters.handlers(7L))
              .start()) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    fleet.stats().finished() == METERS
                        && fleet.stats().dataAccepted() == (long) METERS * INTERVALS);
        assertThat(fleet.stats().toString()).contains("accepted=" + METERS * INTERVALS);
      }
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  void nothingIsCountedAcceptedWhileNoHeadEndListens() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (TcpFleet fleet =
        new TcpFleet(fleet("OFF"), model, "127.0.0.1", closedPort, 1, StrictMeters.handlers(7L))
            .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> fleet.stats().finished() == METERS);
      assertThat(fleet.stats().pushes()).isEqualTo((long) METERS * INTERVALS);
      assertThat(fleet.stats().dataAccepted()).isZero();
    }
  }

  private static void acceptAndDiscard(ServerSocket listener, ExecutorService readers) {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        readers.execute(
            () -> {
              try (Socket c = s;
                  InputStream in = c.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              } catch (IOException closed) {
                // the fleet closed its connection at the end of the test
              }
            });
      } catch (IOException closed) {
        return;
      }
    }
  }
}
