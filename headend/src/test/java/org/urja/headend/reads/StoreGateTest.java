package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StoreGateTest {
  final AtomicBoolean keepsUp = new AtomicBoolean(true);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final StoreGate gate = new StoreGate(keepsUp::get, registry);

  double deferred() {
    return registry.get("urja.reads.deferred").counter().count();
  }

  @Test
  void scheduledReadsWaitWhileTheStoreIsBehindAndResumeOnceItCatchesUp() {
    assertThat(gate.open()).isTrue();

    keepsUp.set(false);
    assertThat(gate.open()).isFalse();
    assertThat(gate.open()).isFalse();
    assertThat(deferred()).isEqualTo(2);

    keepsUp.set(true);
    assertThat(gate.open()).isTrue();
    assertThat(deferred()).isEqualTo(2);
  }
}
