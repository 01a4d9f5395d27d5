package org.urja.headend.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardedSchedulerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GuardedScheduler scheduler = new GuardedScheduler(1, "test-scheduler", registry);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void aPeriodicJobWhoseRunThrowsAnErrorKeepsItsSchedule() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.scheduleWithFixedDelay(
        () -> {
          if (runs.incrementAndGet() <= 2) {
            throw new OutOfMemoryError("Java heap space");
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);

    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 5);
    assertThat(registry.counter("urja.scheduler.failures").count()).isEqualTo(2);
  }

  @Test
  void aOneOffTaskThatThrowsIsCountedNotSwallowed() {
    scheduler.execute(
        () -> {
          throw new IllegalStateException("mode event refused");
        });

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> registry.counter("urja.scheduler.failures").count() == 1);
  }
}
