package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;

/** A ciphered frame is accepted once: a replay is refused and counted, on any node. */
class StoredFrameCounterGuardTest extends PostgresTestSupport {
  static final byte[] TITLE = {0x55, 0x52, 0x4A, 0, 0, 0, 0, 7};
  static final byte[] OTHER_TITLE = {0x55, 0x52, 0x4A, 0, 0, 0, 0, 8};
  SimpleMeterRegistry registry;
  StoredFrameCounterGuard guard;

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeEach
  void empty() {
    truncate("meter_frame_counters");
    registry = new SimpleMeterRegistry();
    guard = new StoredFrameCounterGuard(dataSource(), registry);
  }

  double replays(SimpleMeterRegistry r) {
    return r.get("urja.security.replays").counter().count();
  }

  @Test
  void aReplayedFrameCounterIsRefusedAndCounted() {
    assertThat(guard.accept("FC-1", TITLE, 100)).isTrue();
    assertThat(guard.accept("FC-1", TITLE, 101)).isTrue();

    assertThat(guard.accept("FC-1", TITLE, 101)).isFalse();
    assertThat(guard.accept("FC-1", TITLE, 100)).isFalse();
    // older than the 64 below the highest accepted: refused, whether seen or not
    assertThat(guard.accept("FC-1", TITLE, 3)).isFalse();

    assertThat(replays(registry)).isEqualTo(3);
    assertThat(guard.accept("FC-1", TITLE, 102)).isTrue();
    assertThat(queryLong("SELECT last_accepted FROM meter_frame_counters WHERE serial = 'FC-1'"))
        .isEqualTo(102);
  }

  @Test
  void pushesSentBeforeAnAnswerAreAcceptedAfterItHoweverManyWaited() {
    // one counter for a meter's pushes and answers; 100 pushes wait to be checked while the answer
    // that followed them is accepted on the connection's event loop
    StoredFrameCounterGuard answers = guard.answers();
    assertThat(answers.accept("FC-7", TITLE, 1_100)).isTrue();
    for (long push = 1_000; push < 1_100; push++) {
      assertThat(guard.accept("FC-7", TITLE, push)).isTrue();
    }
    // each stream still accepts a counter once
    assertThat(guard.accept("FC-7", TITLE, 1_050)).isFalse();
    assertThat(answers.accept("FC-7", TITLE, 1_100)).isFalse();
    assertThat(answers.accept("FC-7", TITLE, 1_101)).isTrue();
  }

  @Test
  void anEventSealedBeforeTheDataThatOvertookItOnAnotherTopicIsAcceptedOnce() {
    // one counter for all of a meter's APDUs; its MQTT topics are not ordered with each other
    assertThat(guard.accept("FC-6", TITLE, 40)).isTrue();
    assertThat(guard.accept("FC-6", TITLE, 43)).isTrue(); // data, overtaking 41 and 42
    assertThat(guard.accept("FC-6", TITLE, 42)).isTrue(); // the event sealed before it
    assertThat(guard.accept("FC-6", TITLE, 41)).isTrue();

    assertThat(guard.accept("FC-6", TITLE, 42)).isFalse(); // each counter once
    assertThat(guard.accept("FC-6", TITLE, 40)).isFalse();
    assertThat(replays(registry)).isEqualTo(2);
  }

  @Test
  void theWindowSlidesWithTheHighestCounterAccepted() {
    assertThat(guard.accept("FC-7", TITLE, 1_000)).isTrue();
    assertThat(guard.accept("FC-7", TITLE, 1_064)).isTrue(); // 1,000 is now the window's oldest
    assertThat(guard.accept("FC-7", TITLE, 1_000)).isFalse();
    assertThat(guard.accept("FC-7", TITLE, 1_001)).isTrue(); // never seen, still in the window
    assertThat(guard.accept("FC-7", TITLE, 1_065)).isTrue();
    assertThat(guard.accept("FC-7", TITLE, 1_001)).isFalse(); // seen, and now outside the window
    assertThat(guard.accept("FC-7", TITLE, 1_200)).isTrue(); // a jump clears the window
    assertThat(guard.accept("FC-7", TITLE, 1_136)).isTrue();
    assertThat(guard.accept("FC-7", TITLE, 1_136)).isFalse();
    assertThat(guard.accept("FC-7", TITLE, 1_135)).isFalse(); // 65 below the highest
  }

  @Test
  void eachSystemTitleAndMeterHasItsOwnCounter() {
    assertThat(guard.accept("FC-2", TITLE, 100)).isTrue();

    assertThat(guard.accept("FC-2", OTHER_TITLE, 1)).isTrue();
    assertThat(guard.accept("FC-3", TITLE, 1)).isTrue();
    assertThat(replays(registry)).isZero();
  }

  @Test
  void theLastAcceptedCounterOutlivesARestart() {
    guard.accept("FC-4", TITLE, 500);

    StoredFrameCounterGuard restarted =
        new StoredFrameCounterGuard(dataSource(), new SimpleMeterRegistry());

    assertThat(restarted.accept("FC-4", TITLE, 500)).isFalse();
    assertThat(restarted.accept("FC-4", TITLE, 501)).isTrue();
  }

  @Test
  void ofTwoNodesGivenTheSameFramesOnlyOneAcceptsEach() throws Exception {
    SimpleMeterRegistry registryB = new SimpleMeterRegistry();
    List<StoredFrameCounterGuard> nodes =
        List.of(guard, new StoredFrameCounterGuard(dataSource(), registryB));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      int accepted = 0;
      for (long fc = 1; fc <= 50; fc++) {
        long frame = fc;
        List<Callable<Boolean>> both = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          StoredFrameCounterGuard node = nodes.get(t % 2);
          both.add(() -> node.accept("FC-5", TITLE, frame));
        }
        for (Future<Boolean> f : pool.invokeAll(both)) {
          accepted += f.get() ? 1 : 0;
        }
      }
      assertThat(accepted).isEqualTo(50);
      assertThat(replays(registry) + replays(registryB)).isEqualTo(150);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBrokersRedeliveryMayRepeatACounterAlreadyAcceptedButNothingOlderThanTheWindow() {
    var redelivery = guard.acceptingTheLastAgain();
    assertThat(guard.accept("FC-9", TITLE, 200)).isTrue();

    assertThat(redelivery.accept("FC-9", TITLE, 200))
        .isTrue(); // the same message again: its store never committed
    assertThat(redelivery.accept("FC-9", TITLE, 199)).isTrue(); // never seen, within the window
    assertThat(redelivery.accept("FC-9", TITLE, 199)).isTrue(); // and again: it was accepted
    assertThat(redelivery.accept("FC-9", TITLE, 100)).isFalse(); // but nothing older
    assertThat(redelivery.accept("FC-9", TITLE, 201))
        .isTrue(); // and a new one is recorded as usual
    assertThat(guard.accept("FC-9", TITLE, 201)).isFalse();
    assertThat(redelivery.accept("FC-9", OTHER_TITLE, 0))
        .isTrue(); // nothing accepted from that title yet
    assertThat(
            queryLong(
                "SELECT last_accepted FROM meter_frame_counters WHERE serial = 'FC-9' AND system_title = "
                    + "'\\x55524a0000000007'"))
        .isEqualTo(201);
  }
}
