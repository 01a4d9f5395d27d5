package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.urja.ingest.session.MeterSession;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * A connection's identity is established once: a second connection claiming a live meter's serial
 * does not displace it unless the incumbent is silent, and bad frames cannot flood the log.
 */
class ConnectionIdentityTest extends ListenerTestSupport {
  final AtomicInteger probes = new AtomicInteger();
  // whether the meter on the probed connection answers the head-end's read of its serial
  volatile boolean incumbentAnswers = true;

  @Override
  MeterTcpServer configure(MeterTcpServer server) {
    // an honest meter says the serial it pushed with; a silent link never answers
    MeterIdentifier identifier =
        ch -> {
          probes.incrementAndGet();
          return incumbentAnswers
              ? CompletableFuture.completedFuture(ch.attr(PushHandler.SERIAL).get())
              : new CompletableFuture<>();
        };
    return server
        .identifyWith(identifier)
        .identityRules(new IdentityRules(Duration.ofMillis(300), Duration.ofMinutes(1)));
  }

  String heldBy(String serial) {
    return sessions
        .find(serial)
        .map(MeterSession::remoteAddress)
        .map(String::valueOf)
        .orElse("nobody");
  }

  @Test
  void anImpostorReclaimingALiveMetersSerialNeverFlipsTheSession() throws Exception {
    incumbentAnswers = true;
    Instant t = Instant.now().minus(Duration.ofHours(2));
    try (Socket meter = new Socket("127.0.0.1", server.port())) {
      meter.getOutputStream().write(push("FLIP0001", t, 1000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("FLIP0001") == 7);
      String real = heldBy("FLIP0001");
      int probesBefore = probes.get();

      for (int i = 0; i < 30; i++) {
        try (Socket impostor = new Socket("127.0.0.1", server.port())) {
          impostor
              .getOutputStream()
              .write(push("FLIP0001", Instant.parse("2099-01-01T00:00:00Z"), 1_000_000 + i));
          assertThat(closedByPeer(impostor)).isTrue();
        }
        assertThat(heldBy("FLIP0001")).isEqualTo(real);
      }

      assertThat(probes.get() - probesBefore)
          .as("one contest a minute, not one per impostor")
          .isEqualTo(1);
      assertThat(counted("urja.ingest.connections.rejected", "reason", "identity_conflict"))
          .isGreaterThanOrEqualTo(30);
      meter.getOutputStream().write(push("FLIP0001", t.plusSeconds(900), 1100));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("FLIP0001") == 14);
      assertThat(heldBy("FLIP0001")).isEqualTo(real);
    }
  }

  @Test
  void aMeterThatRedialsWhileItsOldLinkIsSilentTakesItsSessionOver() throws Exception {
    incumbentAnswers = false;
    Instant t = Instant.now().minus(Duration.ofHours(3));
    try (Socket oldLink = new Socket("127.0.0.1", server.port());
        Socket redial = new Socket("127.0.0.1", server.port())) {
      oldLink.getOutputStream().write(push("REDIAL01", t, 2000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("REDIAL01") == 7);

      redial.getOutputStream().write(push("REDIAL01", t.plusSeconds(900), 2100));

      assertThat(closedByPeer(oldLink)).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("REDIAL01") == 14);
      assertThat(heldBy("REDIAL01")).isEqualTo(String.valueOf(redial.getLocalSocketAddress()));
    } finally {
      incumbentAnswers = true;
    }
  }

  @Test
  void aPushForAnotherSerialOnAnIdentifiedConnectionIsRejected() throws Exception {
    Instant t = Instant.now().minus(Duration.ofHours(4));
    double before = counted("urja.ingest.decode.errors", "reason", "serial_changed");
    try (Socket meter = new Socket("127.0.0.1", server.port())) {
      meter.getOutputStream().write(push("CHANGE01", t, 3000));
      meter.getOutputStream().write(push("CHANGE02", t, 3000));
      meter.getOutputStream().write(push("CHANGE01", t.plusSeconds(900), 3100));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("CHANGE01") == 14);
    }
    assertThat(rows("CHANGE02")).isZero();
    assertThat(counted("urja.ingest.decode.errors", "reason", "serial_changed") - before)
        .isEqualTo(1);
  }

  @Test
  void aPushWithAnInvalidSerialIsRejectedAndNoMeterIsCreated() throws Exception {
    try (Socket meter = new Socket("127.0.0.1", server.port())) {
      meter.getOutputStream().write(push("..", Instant.now().minus(Duration.ofHours(1)), 1));
      meter.getOutputStream().write(push("a'b", Instant.now().minus(Duration.ofHours(1)), 1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> counted("urja.ingest.decode.errors", "reason", "invalid_serial") == 2);
    }
    assertThat(queryLong("SELECT count(*) FROM meters WHERE serial IN ('..', 'a''b')")).isZero();
  }

  @Test
  void tenThousandBadFramesFromOneConnectionWriteAHandfulOfLogLines() throws Exception {
    Logger pushLog = (Logger) LoggerFactory.getLogger(PushHandler.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    pushLog.addAppender(lines);
    double before = counted("urja.ingest.decode.errors", "reason", "unexpected_apdu");
    try (Socket attacker = new Socket("127.0.0.1", server.port())) {
      OutputStream out = attacker.getOutputStream();
      byte[] notAPush =
          WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, new byte[] {(byte) 0xC4, 1, 2, 3}));
      byte[] burst = new byte[notAPush.length * 1_000];
      for (int i = 0; i < 1_000; i++) {
        System.arraycopy(notAPush, 0, burst, i * notAPush.length, notAPush.length);
      }
      for (int i = 0; i < 10; i++) {
        out.write(burst);
      }
      out.flush();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  counted("urja.ingest.decode.errors", "reason", "unexpected_apdu") - before
                      == 10_000);
    } finally {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  lines.list.stream()
                      .anyMatch(
                          e -> e.getFormattedMessage().contains("9,995 more rejected frames")));
      pushLog.detachAppender(lines);
    }
    assertThat(lines.list).hasSizeLessThanOrEqualTo(RejectionLog.LOUD + 2);
  }
}
