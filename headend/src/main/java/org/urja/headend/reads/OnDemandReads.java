package org.urja.headend.reads;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.urja.headend.commands.CommandRunner;

/**
 * Reads an operator asked for: recorded as a {@code read_jobs} row at once, run in the background,
 * and the row brought to done (with what was stored) or failed (with why).
 */
public final class OnDemandReads {
  private final ReadJobs jobs;
  private final ProfileReads reads;
  private final Executor executor;

  public OnDemandReads(ReadJobs jobs, ProfileReads reads, Executor executor) {
    this.jobs = jobs;
    this.reads = reads;
    this.executor = executor;
  }

  /**
   * Starts the read; the id is the job to follow. The future completes when the job row is final.
   */
  public Started start(
      String serial, ProfileKind kind, Instant from, Instant to, String requestedBy) {
    long id = jobs.create(serial, kind, from, to, requestedBy);
    CompletableFuture<Void> finished =
        CompletableFuture.runAsync(() -> jobs.running(id), executor)
            .thenCompose(v -> reads.read(serial, kind, from, to))
            .handleAsync(
                (outcome, err) -> {
                  if (err == null) {
                    jobs.done(id, outcome.rows(), outcome.written());
                  } else {
                    jobs.failed(id, CommandRunner.unwrap(err).getMessage());
                  }
                  return null;
                },
                executor);
    return new Started(id, finished);
  }

  /** A job's id and the moment its row is final. */
  public record Started(long id, CompletableFuture<Void> finished) {}
}
