package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ledger.relay.CommandStatus;
import org.urja.ledger.relay.RelayAction;
import org.urja.ledger.relay.RelayCommand;
import org.urja.ledger.relay.RelayCommandQueue;

/** A transport that throws instead of failing its future costs one command, not the dispatcher. */
class RelayDispatcherSurvivesTest extends PostgresTestSupport {
  HeadEnd hes;

  @BeforeAll
  void start() throws Exception {
    // the node's own dispatcher polls rarely, so the commands here are claimed by the test's
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1")
            .with("relay.poll.every", "PT1H");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  @Test
  void aTransportThatThrowsFailsThatCommandAndTheDispatcherKeepsItsCapacity() {
    RelayCommandQueue queue = hes.prepaid().relayQueue();
    RelayCommandTransport throwing =
        (meterSerial, command) -> {
          throw new IllegalStateException("transport broken for " + meterSerial);
        };
    try (RelayCommandDispatcher dispatcher =
        new RelayCommandDispatcher(queue, throwing, Clock.systemUTC(), 1)) {
      RelayCommand first =
          queue.requestManualForMeter("BROKEN-1", RelayAction.DISCONNECT, "test", "transport test");
      assertThat(dispatcher.poll()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> queue.find(first.id()).orElseThrow().status() == CommandStatus.FAILED);

      RelayCommand second =
          queue.requestManualForMeter("BROKEN-2", RelayAction.DISCONNECT, "test", "transport test");
      await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.poll() == 1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> queue.find(second.id()).orElseThrow().status() == CommandStatus.FAILED);
      assertThat(queue.find(second.id()).orElseThrow().lastError())
          .contains("transport broken for BROKEN-2");
    }
  }
}
