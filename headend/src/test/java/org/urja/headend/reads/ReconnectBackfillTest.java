package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.urja.ingest.session.MeterSessions;

class ReconnectBackfillTest {
  static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

  final MeterSessions sessions = new MeterSessions();
  final ReconnectBackfill backfill = new ReconnectBackfill(sessions, Duration.ofMinutes(1));

  @Test
  void aMeterIsDueOnceItHasBeenConnectedTheSettleTimeAndAgainOnlyAfterItReconnects() {
    EmbeddedChannel first = new EmbeddedChannel();
    sessions.claim("SIM1", first, T);

    assertThat(backfill.due(T.plusSeconds(30))).isEmpty();
    assertThat(backfill.due(T.plusSeconds(60))).containsExactly("SIM1");
    backfill.checked(Set.of("SIM1"));
    assertThat(backfill.due(T.plusSeconds(90))).isEmpty();

    // the connection died (a node restart, a modem drop) and the meter dialled in again
    sessions.closed("SIM1", first);
    assertThat(backfill.due(T.plusSeconds(100))).isEmpty();
    sessions.claim("SIM1", new EmbeddedChannel(), T.plusSeconds(100));
    assertThat(backfill.due(T.plusSeconds(130))).isEmpty();
    assertThat(backfill.due(T.plusSeconds(160))).containsExactly("SIM1");
  }

  @Test
  void aMeterSkippedBecauseARoundWasRunningStaysDue() {
    sessions.claim("SIM2", new EmbeddedChannel(), T);

    assertThat(backfill.due(T.plusSeconds(60))).containsExactly("SIM2");
    // not marked checked: the round did not take it
    assertThat(backfill.due(T.plusSeconds(75))).containsExactly("SIM2");
  }
}
