package org.urja.ingest.store;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.deadletter.DeadLetter;
import org.urja.ingest.deadletter.DeadLetters;

/**
 * Where the batch writer puts a submission that failed even written alone: in {@code dead_letters}
 * (source {@code writer}, the submission as readable JSON), after which its future completes as
 * {@link WriteResult#deadLettered}, so the listener acknowledges it.
 */
final class RefusedSubmissions {
  private static final Logger log = LoggerFactory.getLogger(RefusedSubmissions.class);

  private final DeadLetters deadLetters;
  private final BatchWriterConfig config;
  private final WriterMetrics metrics;

  RefusedSubmissions(DeadLetters deadLetters, BatchWriterConfig config, WriterMetrics metrics) {
    this.deadLetters = deadLetters;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * Keeps a submission the database refuses for good in {@code dead_letters} and completes its
   * future, so its source acknowledges it and it cannot come back to fail again after a restart.
   * Recording waits out an outage like a batch does.
   */
  void keep(WriteQueue.Pending p, Throwable failure, int attempts) {
    DeadLetter.New letter =
        new DeadLetter.New(
            "writer",
            Thread.currentThread().getName(),
            SubmissionText.meterOf(p.submission()),
            failure instanceof Error ? "writer_error" : "database_refused",
            failure.toString(),
            SubmissionText.json(p.submission()),
            attempts);
    long backoffMillis = config.initialBackoff().toMillis();
    while (true) {
      try {
        long id = deadLetters.record(letter);
        metrics.deadLettered();
        log.error(
            "Submission of {} rows from meter {} refused for good; kept as dead letter {}: {}",
            p.rows(),
            letter.meterSerial(),
            id,
            failure.toString());
        p.future().complete(WriteResult.deadLettered(p.rows()));
        return;
      } catch (SQLException e) {
        if (!TransientFailures.isOutage(e) || !BatchWriter.sleep(backoffMillis)) {
          log.error(
              "Submission of {} rows from meter {} refused ({}), and could not be dead-lettered; its sender gets an error",
              p.rows(),
              letter.meterSerial(),
              failure.toString(),
              e);
          p.future().completeExceptionally(failure);
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, config.maxBackoff().toMillis());
      }
    }
  }
}
