package org.urja.ingest.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the batch writer.
 *
 * @param writerThreads threads each writing whole batches in their own transaction
 * @param batchRows a batch closes once it holds this many rows (whole submissions only)
 * @param linger how long a writer waits for a batch to fill before writing what it has
 * @param maxQueuedRows high watermark: at or above this many queued + in-flight rows the writer
 *     reports no capacity (it still accepts submissions; callers should stop reading)
 * @param resumeBelowRows low watermark: capacity returns once the queue drains below this
 * @param strategy how readings are deduplicated into the table
 * @param maxAttempts attempts per batch on contention (deadlock, lock or statement timeout) before
 *     the batch is split and a submission that still fails alone is dead-lettered. An outage (the
 *     database unreachable, connections lost) has no limit: it is retried until the database is
 *     back or the writer is closed, with listeners paused by backpressure meanwhile
 * @param initialBackoff first wait between attempts, doubled each time up to {@code maxBackoff}
 *     (the cap is also how soon after an outage ends the writers notice)
 * @param closeTimeout how long {@code close()} waits for queued rows to be committed
 */
public record BatchWriterConfig(
    int writerThreads,
    int batchRows,
    Duration linger,
    long maxQueuedRows,
    long resumeBelowRows,
    ReadingInserter.Strategy strategy,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration closeTimeout) {

  public BatchWriterConfig {
    if (writerThreads < 1 || batchRows < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("writerThreads, batchRows and maxAttempts must be >= 1");
    }
    if (resumeBelowRows < 0 || resumeBelowRows > maxQueuedRows) {
      throw new IllegalArgumentException("need 0 <= resumeBelowRows <= maxQueuedRows");
    }
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
  }

  /** Two writers, 5,000-row batches, 50 ms linger, 200k rows queued at most (~40 batches). */
  public static BatchWriterConfig defaults() {
    return new BatchWriterConfig(
        2,
        5_000,
        Duration.ofMillis(50),
        200_000,
        100_000,
        ReadingInserter.Strategy.UNNEST,
        10,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60));
  }

  public BatchWriterConfig withWriterThreads(int n) {
    return new BatchWriterConfig(
        n,
        batchRows,
        linger,
        maxQueuedRows,
        resumeBelowRows,
        strategy,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        closeTimeout);
  }

  public BatchWriterConfig withBatch(int rows, Duration lingerFor) {
    return new BatchWriterConfig(
        writerThreads,
        rows,
        lingerFor,
        maxQueuedRows,
        resumeBelowRows,
        strategy,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        closeTimeout);
  }

  public BatchWriterConfig withQueueBounds(long max, long resumeBelow) {
    return new BatchWriterConfig(
        writerThreads,
        batchRows,
        linger,
        max,
        resumeBelow,
        strategy,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        closeTimeout);
  }

  public BatchWriterConfig withStrategy(ReadingInserter.Strategy s) {
    return new BatchWriterConfig(
        writerThreads,
        batchRows,
        linger,
        maxQueuedRows,
        resumeBelowRows,
        s,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        closeTimeout);
  }

  public BatchWriterConfig withRetries(int attempts, Duration initial, Duration max) {
    return new BatchWriterConfig(
        writerThreads,
        batchRows,
        linger,
        maxQueuedRows,
        resumeBelowRows,
        strategy,
        attempts,
        initial,
        max,
        closeTimeout);
  }
}
