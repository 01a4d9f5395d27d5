package org.urja.ingest.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.db.ReadingRows;
import org.urja.ingest.deadletter.DeadLetters;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;

/**
 * Turns submissions from the listeners into committed rows. {@link #submit} never blocks (Netty
 * event loops call it); writer threads drain the queue in batches, each in one transaction, and
 * complete a submission's future only after that transaction committed, so a listener may
 * acknowledge (MQTT PUBACK) on completion. Backpressure is advisory: when {@link #hasCapacity()}
 * turns false, listeners should stop reading; submissions are still accepted, because data already
 * read off a socket must not be dropped.
 *
 * <p>It is the listeners' {@link ReadingSink}: who must hear of stored rows registers a listener.
 *
 * <p>Futures and commit listeners run on writer threads: keep them short, or hop to another
 * executor ({@code whenCompleteAsync}).
 */
public final class BatchWriter implements ReadingSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  private final DataSource dataSource;
  private final MeterDirectory directory;
  private final BatchPersister persister;
  private final BatchWriterConfig config;
  private final WriteQueue queue;
  private final CommitListeners commitListeners = new CommitListeners();
  private final List<Thread> writers = new ArrayList<>();
  private final WriterMetrics metrics;
  private final RefusedSubmissions refused;
  private volatile boolean closed;
  private volatile long lastProgressNanos = System.nanoTime();

  public BatchWriter(
      DataSource dataSource,
      MeterDirectory directory,
      BatchWriterConfig config,
      MeterRegistry registry) {
    this(dataSource, directory, config.strategy().create(ReadingRows.TABLE), config, registry);
  }

  /** With a custom reading inserter (benchmarks, tests that need a slow database). */
  public BatchWriter(
      DataSource dataSource,
      MeterDirectory directory,
      ReadingInserter inserter,
      BatchWriterConfig config,
      MeterRegistry registry) {
    this.dataSource = dataSource;
    this.directory = directory;
    this.persister = new BatchPersister(inserter);
    this.config = config;
    this.queue = new WriteQueue(config.maxQueuedRows(), config.resumeBelowRows());
    this.metrics = new WriterMetrics(registry, queue);
    this.refused = new RefusedSubmissions(new DeadLetters(dataSource), config, metrics);
    for (int i = 0; i < config.writerThreads(); i++) {
      Thread t = new Thread(this::drain, "urja-batch-writer-" + i);
      t.setDaemon(true);
      writers.add(t);
      t.start();
    }
  }

  /**
   * Queues a submission. The future completes with what was written after commit (or, for a
   * submission the database refuses for good, once it is kept as a dead letter), or exceptionally
   * when the writer was closed before writing it, or when even the dead letter could not be
   * recorded. A database outage never fails it: the writer waits the outage out.
   */
  public CompletableFuture<WriteResult> submit(Submission submission) {
    return submit(submission, false);
  }

  private CompletableFuture<WriteResult> submit(Submission submission, boolean live) {
    CompletableFuture<WriteResult> future = new CompletableFuture<>();
    if (submission.rows() == 0) {
      future.complete(WriteResult.EMPTY);
    } else if (!queue.offer(new WriteQueue.Pending(submission, future, live))) {
      future.completeExceptionally(new WriterClosedException());
    }
    return future;
  }

  /**
   * A push or MQTT publish as it arrived: queued like {@link #submit(Submission)}, and once stored
   * its events that became new rows, none held as suspect, go to the live event listeners (events
   * read back from a meter's log are history; a dead-lettered submission stored none).
   */
  @Override
  public CompletableFuture<WriteResult> submit(List<Reading> readings, List<MeterEvent> events) {
    return submit(new Submission(readings, events), true);
  }

  /** False from the moment queued rows reach the high watermark until they drain below the low. */
  @Override
  public boolean hasCapacity() {
    return queue.hasCapacity();
  }

  /**
   * Called with false when capacity is lost and true when it returns, strictly alternating, under
   * the queue's lock: must not block (e.g. {@code channel.config().setAutoRead(b)} is fine).
   */
  @Override
  public void addCapacityListener(Consumer<Boolean> listener) {
    queue.addCapacityListener(listener);
  }

  /**
   * Called after each commit, before the batch's futures complete, with the readings that became
   * new rows (no duplicates), on a writer thread: hand off, do not do slow work here.
   */
  public void addCommitListener(Consumer<List<Reading>> listener) {
    commitListeners.addReadings(listener);
  }

  /**
   * Told, after each commit and before the batch's futures complete, the events of live submissions
   * (pushes, MQTT publishes) that became new rows, none held as suspect, on a writer thread: hand
   * off.
   */
  public void addLiveEventListener(Consumer<List<MeterEvent>> listener) {
    commitListeners.addLiveEvents(listener);
  }

  /** Rows queued or being written. */
  public long queuedRows() {
    return queue.rows();
  }

  /**
   * Writer threads still running: all of them until {@link #close()} (a batch's failure never ends
   * one).
   */
  public int writersAlive() {
    return (int) writers.stream().filter(Thread::isAlive).count();
  }

  public int writerThreads() {
    return writers.size();
  }

  /**
   * How long ago a batch last finished (committed, dead-lettered or failed), or the writer started.
   */
  public Duration sinceLastProgress() {
    return Duration.ofNanos(System.nanoTime() - lastProgressNanos);
  }

  private void drain() {
    long linger = WriteQueue.toNanos(config.linger());
    while (true) {
      List<WriteQueue.Pending> batch;
      try {
        batch = queue.takeBatch(config.batchRows(), linger);
      } catch (InterruptedException e) {
        return;
      }
      if (batch.isEmpty()) {
        return;
      }
      int rows = batch.stream().mapToInt(WriteQueue.Pending::rows).sum();
      try {
        write(batch);
      } catch (Throwable t) {
        // Last guard: whatever escaped (an Error while completing, while dead-lettering) fails
        // only this batch; the thread takes the next one.
        metrics.writerError();
        log.error(
            "Writer failed on a batch of {} submissions; their senders get an error, the writer goes on",
            batch.size(),
            t);
        failAll(batch, t);
      } finally {
        queue.done(rows);
        lastProgressNanos = System.nanoTime();
      }
    }
  }

  /**
   * Writes a batch until it commits. An outage is retried for as long as it lasts (only {@link
   * #close()} ends the wait); contention up to {@code maxAttempts}. A failure that is not transient
   * (a refusal, an Error such as running out of memory on one row) splits the batch so each
   * submission is tried alone, and a submission that fails alone is dead-lettered.
   */
  private void write(List<WriteQueue.Pending> batch) {
    long backoffMillis = config.initialBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      Throwable failure = null;
      BatchPersister.Outcome outcome;
      try {
        outcome = metrics.batchLatency().recordCallable(() -> writeOnce(batch));
      } catch (Throwable t) {
        failure = t;
        outcome = null;
      }
      if (outcome != null) {
        complete(batch, outcome);
        return;
      }
      if (interrupted(failure)) {
        // close() gave up waiting: the batch stays unwritten, its senders are told so
        failAll(batch, failure);
        return;
      }
      boolean outage = TransientFailures.isOutage(failure);
      boolean retry =
          outage || (TransientFailures.isContention(failure) && attempt < config.maxAttempts());
      metrics.failure(retry);
      if (retry) {
        if (attempt == 1 || attempt % 10 == 0) {
          log.warn(
              "Batch of {} submissions failed (attempt {}, {}), retrying every {} ms at most: {}",
              batch.size(),
              attempt,
              outage ? "database unreachable, retried until it is back" : "contention",
              config.maxBackoff().toMillis(),
              failure.toString());
        }
        if (!sleep(backoffMillis)) {
          failAll(batch, failure);
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, config.maxBackoff().toMillis());
      } else if (batch.size() > 1) {
        if (failure instanceof Error) {
          metrics.writerError();
        }
        // One bad submission must not sink its neighbours: write each alone.
        log.warn(
            "Batch of {} submissions failed permanently; writing them one by one: {}",
            batch.size(),
            failure.toString());
        for (WriteQueue.Pending p : batch) {
          write(List.of(p));
        }
        return;
      } else {
        if (failure instanceof Error) {
          metrics.writerError();
        }
        refused.keep(batch.get(0), failure, attempt);
        return;
      }
    }
  }

  private BatchPersister.Outcome writeOnce(List<WriteQueue.Pending> batch) throws SQLException {
    List<Submission> submissions = batch.stream().map(WriteQueue.Pending::submission).toList();
    Map<String, Long> ids = directory.resolveAll(BatchPersister.serialsOf(submissions));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        BatchPersister.Outcome outcome = persister.write(c, submissions, ids);
        c.commit();
        return outcome;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        BatchPersister.rolledBack(submissions, ids);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  // Listeners first: when a submission's future completes, downstream has already seen its rows.
  private void complete(List<WriteQueue.Pending> batch, BatchPersister.Outcome outcome) {
    commitListeners.readingsCommitted(outcome.insertedReadings());
    List<MeterEvent> live = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).live()) {
        live.addAll(outcome.insertedEvents().get(i));
      }
    }
    if (!live.isEmpty()) {
      commitListeners.liveEventsStored(live);
    }
    for (int i = 0; i < batch.size(); i++) {
      WriteResult r = outcome.results().get(i);
      metrics.written(r);
      batch.get(i).future().complete(r);
    }
  }

  private static boolean interrupted(Throwable failure) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private static void failAll(List<WriteQueue.Pending> batch, Throwable e) {
    batch.forEach(p -> p.future().completeExceptionally(e));
  }

  static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops accepting, writes and commits everything queued, then stops the writers. Submissions
   * still unwritten after the configured close timeout fail.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.close();
    long deadline = System.nanoTime() + WriteQueue.toNanos(config.closeTimeout());
    for (Thread t : writers) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    writers.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
    List<WriteQueue.Pending> left = queue.drainUnwritten();
    if (!left.isEmpty()) {
      log.error("Closed with {} submissions unwritten", left.size());
      failAll(left, new IllegalStateException("batch writer closed before writing"));
    }
    metrics.close();
  }
}
