package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.db.SwitchableDataSource;

/**
 * The head-end's invocation counter never repeats: not across nodes, not across restarts, not
 * across threads.
 */
class ReservedInvocationCounterTest extends PostgresTestSupport {

  @Override
  protected int poolSize() {
    return 10;
  }

  @BeforeEach
  void empty() {
    truncate("meter_invocation_counters");
  }

  @Test
  void twoNodesAndARestartNeverHandOutTheSameValue() {
    ReservedInvocationCounter nodeA = new ReservedInvocationCounter(dataSource(), 10);
    ReservedInvocationCounter nodeB = new ReservedInvocationCounter(dataSource(), 10);
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      seen.add(nodeA.next("IC-1"));
      seen.add(nodeB.next("IC-1"));
    }
    ReservedInvocationCounter nodeAAfterRestart = new ReservedInvocationCounter(dataSource(), 10);
    long afterRestart = nodeAAfterRestart.next("IC-1");
    seen.add(afterRestart);

    assertThat(new HashSet<>(seen)).hasSize(seen.size());
    assertThat(seen).allSatisfy(v -> assertThat(v).isPositive());
    assertThat(afterRestart)
        .isGreaterThan(seen.subList(0, 50).stream().mapToLong(Long::longValue).max().orElseThrow());
    assertThat(nodeA.next("IC-2")).isEqualTo(1);
  }

  @Test
  void valuesReservedAheadAreHandedOutWithoutTheDatabase() throws Exception {
    SwitchableDataSource database = new SwitchableDataSource(dataSource());
    ReservedInvocationCounter counter = new ReservedInvocationCounter(database, 10);
    counter.reserveAhead("IC-AHEAD", 4);

    database.down.set(true); // as on a connection's event loop: no statement from here on
    List<Long> handedOut = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      handedOut.add(counter.next("IC-AHEAD"));
    }
    assertThat(handedOut).isSorted().doesNotHaveDuplicates();
    assertThat(database.refusedConnections.get()).isZero();

    // fewer left than asked for: a fresh block, above everything handed out
    database.down.set(false);
    counter.reserveAhead("IC-AHEAD", 8);
    assertThat(counter.next("IC-AHEAD")).isGreaterThan(handedOut.get(3));
  }

  @Test
  void oneNodeHandsOutStrictlyIncreasingValuesToOneMeter() {
    ReservedInvocationCounter counter = new ReservedInvocationCounter(dataSource(), 3);
    long last = 0;
    for (int i = 0; i < 20; i++) {
      long v = counter.next("IC-3");
      assertThat(v).isGreaterThan(last);
      last = v;
    }
  }

  @Test
  void concurrentThreadsOnTwoNodesNeverShareAValue() throws Exception {
    List<ReservedInvocationCounter> nodes =
        List.of(
            new ReservedInvocationCounter(dataSource(), 7),
            new ReservedInvocationCounter(dataSource(), 7));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<List<Long>>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        ReservedInvocationCounter node = nodes.get(t % 2);
        work.add(
            () -> {
              List<Long> mine = new ArrayList<>();
              for (int i = 0; i < 200; i++) {
                mine.add(node.next("IC-4"));
              }
              return mine;
            });
      }
      Set<Long> all = new HashSet<>();
      int total = 0;
      for (Future<List<Long>> f : pool.invokeAll(work)) {
        total += f.get().size();
        all.addAll(f.get());
      }
      assertThat(total).isEqualTo(1_600);
      assertThat(all).hasSize(1_600);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aValueTheMeterHasSeenIsNeverHandedOutAfterward() {
    ReservedInvocationCounter nodeA = new ReservedInvocationCounter(dataSource(), 100);
    ReservedInvocationCounter nodeB = new ReservedInvocationCounter(dataSource(), 100);
    assertThat(nodeA.next("IC-5")).isEqualTo(1);

    nodeB.advancePast("IC-5", 5_000);

    assertThat(nodeB.next("IC-5")).isGreaterThan(5_000);
    assertThat(new ReservedInvocationCounter(dataSource(), 100).next("IC-5")).isGreaterThan(5_000);
  }

  @Test
  void aMeterAtTheEndOfTheCounterGetsAnErrorNotARepeat() {
    execute(
        "INSERT INTO meter_invocation_counters (serial, next_free) VALUES ('IC-6', "
            + (ReservedInvocationCounter.MAX - 1)
            + ")");
    ReservedInvocationCounter counter = new ReservedInvocationCounter(dataSource(), 10);

    assertThat(counter.next("IC-6")).isEqualTo(ReservedInvocationCounter.MAX - 1);
    assertThat(counter.next("IC-6")).isEqualTo(ReservedInvocationCounter.MAX);
    assertThatThrownBy(() -> counter.next("IC-6"))
        .isInstanceOf(ReservedInvocationCounter.ExhaustedException.class)
        .hasMessageContaining("rotate its keys");
    assertThatThrownBy(() -> new ReservedInvocationCounter(dataSource(), 10).next("IC-6"))
        .isInstanceOf(ReservedInvocationCounter.ExhaustedException.class);
  }
}
