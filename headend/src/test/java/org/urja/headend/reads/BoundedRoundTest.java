package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BoundedRoundTest {
  @Test
  void neverMoreThanTheBoundAreInFlightAndTheRoundEndsWhenAllHave() {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      ConcurrentLinkedQueue<CompletableFuture<Void>> started = new ConcurrentLinkedQueue<>();
      List<Supplier<CompletableFuture<Void>>> tasks = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        boolean fails = i % 7 == 0;
        tasks.add(
            () -> {
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              CompletableFuture<Void> f = new CompletableFuture<>();
              started.add(f);
              return f.whenComplete((v, e) -> inFlight.decrementAndGet())
                  .thenApply(
                      v -> {
                        if (fails) {
                          throw new IllegalStateException("meter did not answer");
                        }
                        return v;
                      });
            });
      }

      CompletableFuture<Void> round = BoundedRound.run(tasks.iterator(), 3, executor);
      int finished = 0;
      while (finished < 50) {
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .atMost(Duration.ofSeconds(5))
            .until(() -> !started.isEmpty());
        started.poll().complete(null);
        finished++;
      }

      await().atMost(Duration.ofSeconds(5)).until(round::isDone);
      assertThat(round).isCompleted();
      assertThat(most.get()).isEqualTo(3);
    } finally {
      executor.shutdownNow();
    }
  }
}
