package org.urja.headend.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaltOnFatalErrorTest {
  private final List<Integer> halts = new ArrayList<>();
  private final HaltOnFatalError handler = new HaltOnFatalError(halts::add);

  @Test
  void aThreadDyingOfOutOfMemoryHaltsTheProcess() {
    handler.uncaughtException(
        new Thread("urja-batch-writer-0"), new OutOfMemoryError("Java heap space"));

    assertThat(halts).containsExactly(HaltOnFatalError.EXIT_CODE);
  }

  @Test
  void aStackOverflowHaltsTheProcessToo() {
    handler.uncaughtException(new Thread("nioEventLoopGroup-2-1"), new StackOverflowError());

    assertThat(halts).containsExactly(HaltOnFatalError.EXIT_CODE);
  }

  @Test
  void anOrdinaryUncaughtExceptionIsLoggedAndTheProcessGoesOn() {
    handler.uncaughtException(
        new Thread("urja-relay-outcomes"), new IllegalStateException("no such command"));

    assertThat(halts).isEmpty();
  }
}
