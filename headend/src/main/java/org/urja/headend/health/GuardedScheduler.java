package org.urja.headend.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's scheduler, on which no task can die silently. A plain {@link
 * ScheduledThreadPoolExecutor} cancels a periodic task for good the first time a run throws, and
 * keeps the exception in a future nobody reads; here every run of every task (periodic or one-off,
 * whoever scheduled it) is guarded: a Throwable is logged, counted in {@code
 * urja.scheduler.failures}, and the task runs again at its next period.
 */
public final class GuardedScheduler extends ScheduledThreadPoolExecutor {
  private static final Logger log = LoggerFactory.getLogger(GuardedScheduler.class);

  private final Counter failures;

  public GuardedScheduler(int threads, String threadName, MeterRegistry registry) {
    super(threads, daemonThreads(threadName));
    this.failures =
        Counter.builder("urja.scheduler.failures")
            .description("runs of scheduled tasks that threw (the task keeps its schedule)")
            .register(registry);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code execute} and {@code submit(Runnable)} come through here too. */
  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return super.schedule(guard(command), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return super.scheduleAtFixedRate(guard(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return super.scheduleWithFixedDelay(guard(command), initialDelay, delay, unit);
  }

  private Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        failures.increment();
        log.error("scheduled task {} failed; it keeps its schedule", task, t);
      }
    };
  }
}
