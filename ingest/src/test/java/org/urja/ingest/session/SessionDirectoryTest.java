package org.urja.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;

/**
 * Every node can tell which node holds a meter's TCP association, and a meter that moves is
 * followed.
 */
class SessionDirectoryTest extends PostgresTestSupport {

  long rows(String serial, String node) {
    return queryLong(
        "SELECT count(*) FROM meter_sessions WHERE meter_serial = '"
            + serial
            + "' AND node_id = '"
            + node
            + "'");
  }

  @Test
  void associationsArePublishedInBatchesAndWithdrawnWhenTheMeterHangsUp() throws Exception {
    SessionDirectory a = new SessionDirectory(dataSource(), "node-a");
    MeterSessions sessions = new MeterSessions();
    sessions.listen(a);
    EmbeddedChannel link = new EmbeddedChannel();

    sessions.claim("SD-1", link, Instant.now());
    sessions.claim("SD-1", link, Instant.now()); // every push says so again: one association
    assertThat(rows("SD-1", "node-a")).isZero(); // noted on the event loop, written by the flush
    assertThat(a.flush()).isEqualTo(1);
    assertThat(rows("SD-1", "node-a")).isEqualTo(1);

    sessions.closed("SD-1", link);
    a.flush();
    assertThat(rows("SD-1", "node-a")).isZero();
  }

  @Test
  void aMeterThatRedialsThroughAnotherNodeIsNotWithdrawnByTheNodeItLeft() throws Exception {
    SessionDirectory a = new SessionDirectory(dataSource(), "node-a");
    SessionDirectory b = new SessionDirectory(dataSource(), "node-b");
    a.opened(new MeterSession("SD-2", new EmbeddedChannel(), Instant.now()));
    a.flush();
    // node A's link died silently and A stopped beating (a live row of A's would not be taken)
    execute(
        "UPDATE meter_sessions SET seen_at = now() - interval '10 minutes' WHERE node_id = 'node-a'");
    b.opened(new MeterSession("SD-2", new EmbeddedChannel(), Instant.now()));
    b.flush();
    // node A notices the dead link only now
    a.closed("SD-2");
    a.flush();

    assertThat(rows("SD-2", "node-b")).isEqualTo(1);
    a.close();
    assertThat(rows("SD-2", "node-b")).isEqualTo(1);
    b.close();
    assertThat(rows("SD-2", "node-b")).isZero();
  }

  @Test
  void theHeartbeatKeepsANodesRowsFresh() throws Exception {
    SessionDirectory a = new SessionDirectory(dataSource(), "node-c");
    a.opened(new MeterSession("SD-3", new EmbeddedChannel(), Instant.now()));
    a.flush();
    execute(
        "UPDATE meter_sessions SET seen_at = now() - interval '10 minutes' WHERE node_id = 'node-c'");

    a.heartbeat();

    assertThat(
            queryLong(
                "SELECT count(*) FROM meter_sessions WHERE node_id = 'node-c' "
                    + "AND seen_at > now() - interval '"
                    + SessionDirectory.LIVE.toSeconds()
                    + " seconds'"))
        .isEqualTo(1);
  }

  @Test
  void twoNodesCannotTakeEachOthersLiveMeterUntilItsRowGoesStale() throws Exception {
    SessionDirectory a = new SessionDirectory(dataSource(), "node-d");
    SessionDirectory b = new SessionDirectory(dataSource(), "node-e");
    MeterSession onA = new MeterSession("SD-4", new EmbeddedChannel(), Instant.now());
    MeterSession onB = new MeterSession("SD-4", new EmbeddedChannel(), Instant.now());

    assertThat(a.claim(onA)).isTrue();
    assertThat(a.claim(onA)).isTrue(); // the same node again
    assertThat(b.claim(onB)).isFalse();
    b.opened(onB); // even the batched write of a session opened meanwhile does not take it
    b.flush();
    assertThat(rows("SD-4", "node-d")).isEqualTo(1);
    assertThat(a.claim(new MeterSession("SD-4", new EmbeddedChannel(), Instant.now()))).isTrue();

    a.heartbeat();
    assertThat(b.claim(onB)).isFalse();
    // node D stopped beating (crashed): its row is stale and may be taken
    execute(
        "UPDATE meter_sessions SET seen_at = now() - interval '"
            + (SessionDirectory.LIVE.toSeconds() + 5)
            + " seconds' WHERE node_id = 'node-d'");
    assertThat(b.claim(onB)).isTrue();
    assertThat(rows("SD-4", "node-e")).isEqualTo(1);
    assertThat(a.claim(onA)).isFalse(); // and now D cannot take it back
  }

  @Test
  void anAuthenticatedSessionOnOneNodeTakesTheMeterFromAnotherWhichClosesItsOwn() throws Exception {
    SessionDirectory a = new SessionDirectory(dataSource(), "node-f");
    SessionDirectory b = new SessionDirectory(dataSource(), "node-g");
    MeterSessions onA = new MeterSessions();
    onA.listen(a);
    EmbeddedChannel impostor = new EmbeddedChannel();
    onA.claim("SD-5", impostor, Instant.now());
    assertThat(a.claim(onA.find("SD-5").orElseThrow())).isTrue();

    MeterSession proven = new MeterSession("SD-5", new EmbeddedChannel(), Instant.now());
    proven.authenticate();
    assertThat(b.claim(proven)).isTrue();
    MeterSession another = new MeterSession("SD-5", new EmbeddedChannel(), Instant.now());
    assertThat(a.claim(another))
        .isFalse(); // an unauthenticated claim never takes an authenticated row

    a.heartbeat();
    assertThat(impostor.isOpen()).isFalse();
    assertThat(onA.find("SD-5")).isEmpty();
    assertThat(rows("SD-5", "node-g")).isEqualTo(1);
  }

  @Test
  void manyMetersClaimedTogetherAreGrantedInOneStatementExceptOneAnotherNodeHoldsLive()
      throws Exception {
    SessionDirectory a = new SessionDirectory(dataSource(), "node-g");
    SessionDirectory b = new SessionDirectory(dataSource(), "node-h");
    assertThat(b.claim(new MeterSession("SD-7-0", new EmbeddedChannel(), Instant.now()))).isTrue();
    java.util.List<MeterSession> storm = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      storm.add(new MeterSession("SD-7-" + i, new EmbeddedChannel(), Instant.now()));
    }

    java.util.Set<String> granted = a.claimAll(storm);

    assertThat(granted).hasSize(49).doesNotContain("SD-7-0").contains("SD-7-1", "SD-7-49");
    assertThat(rows("SD-7-0", "node-h")).isEqualTo(1);
    assertThat(rows("SD-7-49", "node-g")).isEqualTo(1);
  }
}
