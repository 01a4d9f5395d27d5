package org.urja.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.protocol.hostile.HostileInputs;

/**
 * The hostile frames of issue 7 over real TCP to the real listener, stored in a real PostgreSQL:
 * each is one counted decode error, and every meter, the sender included, goes on being stored.
 */
class HostileFrameTest extends ListenerTestSupport {

  double axdrErrors() {
    Counter c =
        registry
            .find("urja.ingest.decode.errors")
            .tags("transport", "tcp", "reason", "axdr")
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void twentyZeroWidthCompactArrayFramesAreTwentyDecodeErrorsAndEveryMeterKeepsBeingStored()
      throws Exception {
    Instant t = Instant.parse("2026-11-22T08:30:00Z");
    double errorsBefore = axdrErrors();
    try (Socket honest = new Socket("127.0.0.1", server.port());
        Socket hostile = new Socket("127.0.0.1", server.port())) {
      honest.getOutputStream().write(push("HONEST01", t, 1000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("HONEST01") == 7);

      OutputStream out = hostile.getOutputStream();
      for (int i = 0; i < 20; i++) {
        out.write(HostileInputs.ZERO_WIDTH_COMPACT_ARRAY_FRAME);
      }
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> axdrErrors() - errorsBefore == 20);

      // the framing was intact, so the connection that sent them stays open and is heard
      out.write(push("HOSTILE1", t, 2000));
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("HOSTILE1") == 7);

      for (int k = 1; k <= 3; k++) {
        honest.getOutputStream().write(push("HONEST01", t.plusSeconds(900L * k), 1000 + 100L * k));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("HONEST01") == 28);
      assertThat(sessions.find("HONEST01")).isPresent();
    }
    assertThat(axdrErrors() - errorsBefore).isEqualTo(20);
  }
}
