package org.urja.headend.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.db.Database;
import org.urja.ingest.db.DatabaseConfig;

/**
 * The capacity relay commands and payments have to themselves (issue 11): a small connection pool
 * ({@code relay.db.pool.size}) and one poll thread. Under ingest at its ceiling the main pool is
 * kept busy by the batch writers and the charging lanes, and the shared scheduler by catch-up and
 * policy sweeps; a recharge's reconnect must not queue behind them.
 */
final class RelayLane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayLane.class);

  private final Database database;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "urja-relay-poll");
            t.setDaemon(true);
            return t;
          });

  private RelayLane(Database database) {
    this.database = database;
  }

  /**
   * Opens the lane's pool on the same database; it is closed with the node (pushed on {@code
   * started}).
   */
  static RelayLane start(DatabaseConfig db, int poolSize, Started started) {
    RelayLane lane = new RelayLane(new Database(db.withPoolSize(poolSize), "urja-relay-db"));
    started.push(lane);
    return lane;
  }

  DataSource dataSource() {
    return database.dataSource();
  }

  void pollEvery(Duration period, Runnable poll) {
    poller.scheduleWithFixedDelay(
        guarded(poll), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs a poll now on the lane's thread (a payment queued a reconnect); ignored once stopping. */
  void pollNow(Runnable poll) {
    if (!poller.isShutdown()) {
      poller.execute(guarded(poll));
    }
  }

  /** Stops polling, letting a running poll finish; the pool stays open until {@link #close()}. */
  void stopPolling() throws InterruptedException {
    poller.shutdown();
    poller.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    stopPolling();
    database.close();
  }

  /** A periodic task whose run throws would be cancelled silently: the poll must go on. */
  private static Runnable guarded(Runnable poll) {
    return () -> {
      try {
        poll.run();
      } catch (Throwable e) {
        log.error("relay poll failed; it runs again: {}", e.toString());
      }
    };
  }
}
