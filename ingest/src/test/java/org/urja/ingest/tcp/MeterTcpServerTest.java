package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/** Bad input from one meter never costs another meter its session or its data. */
class MeterTcpServerTest extends ListenerTestSupport {

  @Test
  void anOversizedFrameClosesOnlyTheConnectionThatSentIt() throws Exception {
    Instant t = Instant.parse("2026-11-22T04:30:00Z");
    try (Socket good = new Socket("127.0.0.1", server.port());
        Socket bad = new Socket("127.0.0.1", server.port())) {
      good.getOutputStream().write(push("GOOD0001", t, 1000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("GOOD0001") == 7);

      bad.getOutputStream().write(new byte[] {0, 1, 0, 1, 0, 1, (byte) 0xFF, (byte) 0xF0});
      assertThat(closedByPeer(bad)).isTrue();

      good.getOutputStream().write(push("GOOD0001", t.plusSeconds(900), 1100));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("GOOD0001") == 14);
      assertThat(sessions.find("GOOD0001")).isPresent();
    }
    assertThat(
            registry.find("urja.ingest.decode.errors").tag("reason", "framing").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aGarbledPushInsideAGoodFrameIsCountedAndTheConnectionKeepsWorking() throws Exception {
    Instant t = Instant.parse("2026-11-22T05:30:00Z");
    try (Socket meter = new Socket("127.0.0.1", server.port())) {
      OutputStream out = meter.getOutputStream();
      byte[] truncatedApdu = {0x0F, 0, 0, 0, 1, 0, 0x02, 0x0A, 0x09};
      out.write(WrapperFrameEncoder.toBytes(new WrapperFrame(1, 1, truncatedApdu)));
      out.write(push("GARBLE01", t, 5000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("GARBLE01") == 7);
    }
    assertThat(registry.find("urja.ingest.decode.errors").tag("reason", "axdr").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aPushSplitAcrossManySegmentsIsStoredOnce() throws Exception {
    byte[] frame = push("SPLIT001", Instant.parse("2026-11-22T06:30:00Z"), 7000);
    try (Socket meter = new Socket("127.0.0.1", server.port())) {
      meter.setTcpNoDelay(true);
      OutputStream out = meter.getOutputStream();
      for (int i = 0; i < frame.length; i += 5) {
        out.write(frame, i, Math.min(5, frame.length - i));
        out.flush();
        Thread.sleep(2); // pacing, not a wait: each few bytes leave as a segment of their own
      }
      out.write(frame); // the meter retries the same push
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("SPLIT001") == 7);
    }
  }

  @Test
  void aConnectionThatIsNotDlmsAtAllIsClosed() throws Exception {
    try (Socket http = new Socket("127.0.0.1", server.port())) {
      http.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      assertThat(closedByPeer(http)).isTrue();
    }
  }
}
