package org.urja.headend.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Readiness: the database answers {@code SELECT 1} within a short timeout. The pool may wait many
 * seconds for a connection while the database is away, so the query runs on a thread of its own and
 * the check answers at the timeout whatever happens; while one probe still hangs, the next check
 * waits on the same probe instead of starting another.
 */
public final class DatabaseProbe implements HealthCheck, AutoCloseable {
  private final DataSource dataSource;
  private final Duration timeout;
  private final ExecutorService probes =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "urja-health-db");
            t.setDaemon(true);
            return t;
          });
  private CompletableFuture<Result> inFlight;

  public DatabaseProbe(DataSource dataSource, Duration timeout) {
    this.dataSource = dataSource;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public Scope scope() {
    return Scope.READINESS;
  }

  @Override
  public Result check() {
    CompletableFuture<Result> probe;
    synchronized (this) {
      if (inFlight == null || inFlight.isDone()) {
        inFlight = CompletableFuture.supplyAsync(this::query, probes);
      }
      probe = inFlight;
    }
    try {
      return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Result.down("no answer within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.down("interrupted");
    } catch (Exception e) {
      return Result.down(e.getCause() == null ? e.toString() : e.getCause().toString());
    }
  }

  private Result query() {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        rs.next();
      }
      return Result.up(
          "answered in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    } catch (Exception e) {
      return Result.down(e.toString());
    }
  }

  @Override
  public void close() {
    probes.shutdownNow();
  }
}
