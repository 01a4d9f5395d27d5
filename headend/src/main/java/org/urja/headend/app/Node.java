package org.urja.headend.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every wing of one node shares: its metrics, the scheduler of its periodic jobs, its clock,
 * and the stack of what it started.
 */
record Node(
    PrometheusMeterRegistry registry,
    ScheduledExecutorService scheduler,
    Clock clock,
    Started started) {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  /**
   * Runs {@code job} every {@code period}, the first time after one period. A failure is logged as
   * "{@code what} failed" and the job runs again next time.
   */
  void every(Duration period, String what, Job job) {
    long millis = period.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            job.run();
          } catch (Exception e) {
            log.warn("{} failed: {}", what, e.toString());
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** A periodic job; it may fail in any way, and runs again next time. */
  interface Job {
    void run() throws Exception;
  }
}
