package org.urja.headend.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the head-end's CPU is split by kind of thread. */
class ThreadCpuTest {
  @Test
  void theJvmsOwnThreadsAreToldFromTheChargingThread() {
    assertThat(ThreadCpu.kindOf("C2 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.kindOf("C1 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.kindOf("GC Thread#0")).isEqualTo("gc");
    assertThat(ThreadCpu.kindOf("G1 Conc#0")).isEqualTo("gc");
    assertThat(ThreadCpu.kindOf("java")).isEqualTo("main");
    assertThat(ThreadCpu.kindOf("urja-charging-0")).isEqualTo("other");
  }

  @Test
  void aThreadStartedBetweenSnapshotsCountsFromZero() {
    ThreadCpu.Snapshot before = new ThreadCpu.Snapshot(Map.of(1L, 100L), Map.of(1L, "main"));
    ThreadCpu.Snapshot after =
        new ThreadCpu.Snapshot(Map.of(1L, 250L, 2L, 30L), Map.of(1L, "main", 2L, "jit"));
    assertThat(after.secondsSince(before))
        .containsExactlyInAnyOrderEntriesOf(Map.of("main", 1.5, "jit", 0.3));
  }
}
