package org.urja.ingest.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps daily partitions of the plain-PostgreSQL layout ahead of the clock, so readings land in
 * their day's partition instead of piling up in the DEFAULT partition, and, with a retention set,
 * drops the days that have aged out (what TimescaleDB's retention policy does for its chunks).
 * Idempotent; safe to run on every node. On TimescaleDB it does nothing (chunks are created on
 * demand and dropped by the policy).
 */
public final class PartitionMaintainer {

  private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

  private final DataSource dataSource;
  private final List<String> tables;
  private final int daysBack;
  private final int daysAhead;
  private final Clock clock;
  private final String retention;

  public PartitionMaintainer(DataSource dataSource, int daysBack, int daysAhead, Clock clock) {
    this(dataSource, DailyPartitions.TABLES, daysBack, daysAhead, clock, null);
  }

  private PartitionMaintainer(
      DataSource dataSource,
      List<String> tables,
      int daysBack,
      int daysAhead,
      Clock clock,
      String retention) {
    if (daysBack < 0 || daysAhead < 0) {
      throw new IllegalArgumentException("days back/ahead must not be negative");
    }
    this.dataSource = dataSource;
    this.tables = List.copyOf(tables);
    this.daysBack = daysBack;
    this.daysAhead = daysAhead;
    this.clock = clock;
    this.retention = retention;
  }

  /**
   * The same upkeep, also dropping days older than {@code retention}, a PostgreSQL interval such as
   * {@code 3 years} (the value TimescaleDB's retention policy is given).
   */
  public PartitionMaintainer withRetention(String retention) {
    TimeSeriesLayout.Options.checkInterval(retention);
    return new PartitionMaintainer(dataSource, tables, daysBack, daysAhead, clock, retention);
  }

  /** Seven days back (late pushes, backfills) and seven ahead (meters with fast clocks). */
  public static PartitionMaintainer withDefaults(DataSource dataSource) {
    return new PartitionMaintainer(dataSource, 7, 7, Clock.systemUTC());
  }

  /** Creates missing partitions; returns how many were created. One transaction per partition. */
  public int ensurePartitions() throws SQLException {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    int created = 0;
    try (Connection c = dataSource.getConnection()) {
      for (String table : partitionedTables(c)) {
        DailyPartitions partitions = new DailyPartitions(c);
        for (LocalDate d = today.minusDays(daysBack);
            !d.isAfter(today.plusDays(daysAhead));
            d = d.plusDays(1)) {
          LocalDate day = d;
          created += inTransaction(c, () -> partitions.ensure(table, day) ? 1 : 0);
        }
      }
    }
    if (created > 0) {
      log.info("Created {} daily partitions", created);
    }
    return created;
  }

  /**
   * Drops the days before today minus the retention (never one of the {@code daysBack} days this
   * maintainer keeps ready for late pushes); returns how many partitions were dropped. Without a
   * retention it keeps everything.
   */
  public int dropExpired() throws SQLException {
    if (retention == null) {
      return 0;
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    int dropped = 0;
    try (Connection c = dataSource.getConnection()) {
      LocalDate cutoff = cutoff(c, today);
      if (cutoff.isAfter(today.minusDays(daysBack))) {
        cutoff = today.minusDays(daysBack);
      }
      LocalDate before = cutoff;
      for (String table : partitionedTables(c)) {
        dropped += inTransaction(c, () -> new DailyPartitions(c).dropBefore(table, before));
      }
      if (dropped > 0) {
        log.info(
            "Dropped {} daily partitions older than {} (retention {})", dropped, cutoff, retention);
      }
    }
    return dropped;
  }

  private List<String> partitionedTables(Connection c) throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    for (String table : tables) {
      if (DailyPartitions.isPartitioned(c, table)) {
        out.add(table);
      }
    }
    return out;
  }

  private interface SqlWork {
    int run() throws SQLException;
  }

  private static int inTransaction(Connection c, SqlWork work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      int n = work.run();
      c.commit();
      return n;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** PostgreSQL does the calendar arithmetic, so "1 month" means what it means in TimescaleDB. */
  private LocalDate cutoff(Connection c, LocalDate today) throws SQLException {
    try (java.sql.PreparedStatement ps =
        c.prepareStatement("SELECT (CAST(? AS date) - CAST(? AS interval))::date")) {
      ps.setObject(1, today);
      ps.setString(2, retention);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1, LocalDate.class);
      }
    }
  }

  /** Runs the upkeep now and then every {@code period}; failures are logged. */
  public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period) {
    return scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            ensurePartitions();
          } catch (SQLException | RuntimeException e) {
            log.error("Partition upkeep failed; rows keep landing in the default partition", e);
          }
          try {
            dropExpired();
          } catch (SQLException | RuntimeException e) {
            log.error(
                "Dropping expired partitions failed; old days are kept until the next run", e);
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
