package org.urja.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;

/** The claims on departed client ids, in a real PostgreSQL. */
class SessionHeartbeatsTest extends PostgresTestSupport {
  static final Duration AFTER = Duration.ofSeconds(15);
  SessionHeartbeats beats;

  @BeforeEach
  void empty() {
    truncate("mqtt_session_heartbeats", "mqtt_subscriptions");
    beats = new SessionHeartbeats(dataSource());
  }

  void departed(String clientId, String group) {
    execute(
        "INSERT INTO mqtt_session_heartbeats (client_id, share_group, heartbeat_at) VALUES ('"
            + clientId
            + "', '"
            + group
            + "', now() - interval '1 minute')");
  }

  @Test
  void twoLiveNodesAskingAtOnceNeverClaimTheSameDepartedSession() throws Exception {
    departed("hes-9", "urja");
    int adopters = 8;
    ExecutorService pool = Executors.newFixedThreadPool(adopters);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<SessionHeartbeats.Claimed>>> asks = new ArrayList<>();
    for (int i = 0; i < adopters; i++) {
      String me = "hes-" + i;
      asks.add(
          pool.submit(
              () -> {
                go.await();
                return beats.claim("urja", me, AFTER, AFTER);
              }));
    }
    go.countDown();
    int claimed = 0;
    for (Future<Optional<SessionHeartbeats.Claimed>> f : asks) {
      claimed += f.get().isPresent() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(claimed).isOne();
    assertThat(beats.claim("urja", "hes-late", AFTER, AFTER)).isEmpty();
  }

  @Test
  void aLiveNodeAnotherGroupAndItselfAreNeverClaimed() throws Exception {
    beats.beat("hes-1", "urja");
    departed("hes-2", "other");
    departed("hes-3", "urja");
    assertThat(beats.claim("urja", "hes-3", AFTER, AFTER)).isEmpty();
    assertThat(beats.claim("urja", "hes-4", AFTER, AFTER))
        .map(SessionHeartbeats.Claimed::clientId)
        .contains("hes-3");
  }

  @Test
  void anOwnerThatBeatsAgainTakesItsIdBackAndTheAdopterCannotRenewOrForgetIt() throws Exception {
    departed("hes-2", "urja");
    assertThat(beats.claim("urja", "hes-1", AFTER, AFTER)).isPresent();
    assertThat(beats.beat("hes-2", "urja")).contains("hes-1");
    assertThat(beats.renew("hes-2", "hes-1", AFTER)).isFalse();
    assertThat(beats.forget("hes-2", "hes-1")).isFalse();
    assertThat(queryLong("SELECT count(*) FROM mqtt_session_heartbeats")).isOne();
  }

  @Test
  void aReleasedClaimIsHeldOffAndAForgottenIdTakesItsFiltersWithIt() throws Exception {
    departed("hes-2", "urja");
    new RememberedSubscriptions(dataSource()).remember("hes-2", List.of("$share/urja/x"));
    assertThat(beats.claim("urja", "hes-1", AFTER, AFTER)).isPresent();
    beats.release("hes-2", "hes-1", Duration.ofMinutes(1));
    assertThat(beats.claim("urja", "hes-3", AFTER, AFTER)).isEmpty();
    execute("UPDATE mqtt_session_heartbeats SET adopted_until = now() - interval '1 second'");
    assertThat(beats.claim("urja", "hes-3", AFTER, AFTER)).isPresent();
    assertThat(beats.forget("hes-2", "hes-3")).isTrue();
    assertThat(queryLong("SELECT count(*) FROM mqtt_session_heartbeats")).isZero();
    assertThat(queryLong("SELECT count(*) FROM mqtt_subscriptions")).isZero();
  }

  @Test
  void aNodeThatLeftTheShareGroupWithdrawsAndIsNoLongerAdoptable() throws Exception {
    departed("hes-2", "urja");
    assertThat(beats.claim("urja", "hes-1", AFTER, AFTER)).isPresent();
    assertThat(beats.withdraw("hes-2")).contains("hes-1");
    assertThat(beats.renew("hes-2", "hes-1", AFTER)).isFalse();
    assertThat(beats.claim("urja", "hes-3", AFTER, AFTER)).isEmpty();
  }
}
