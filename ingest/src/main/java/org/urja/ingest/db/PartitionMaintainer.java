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
 * their day's partition instead of piling up in the DEFAULT partition. Idempotent; safe to run on
 * every node. On TimescaleDB it does nothing (chunks are created on demand).
 */
public final class PartitionMaintainer {

  private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

  private final DataSource dataSource;
  private final List<String> tables;
  private final int daysBack;
  private final int daysAhead;
  private final Clock clock;

  public PartitionMaintainer(DataSource dataSource, int daysBack, int daysAhead, Clock clock) {
    this(dataSource, DailyPartitions.TABLES, daysBack, daysAhead, clock);
  }

  public PartitionMaintainer(
      DataSource dataSource, List<String> tables, int daysBack, int daysAhead, Clock clock) {
    if (daysBack < 0 || daysAhead < 0) {
      throw new IllegalArgumentException("days back/ahead must not be negative");
    }
    this.dataSource = dataSource;
    this.tables = List.copyOf(tables);
    this.daysBack = daysBack;
    this.daysAhead = daysAhead;
    this.clock = clock;
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
      for (String table : tables) {
        if (!DailyPartitions.isPartitioned(c, table)) {
          continue;
        }
        DailyPartitions partitions = new DailyPartitions(c);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          for (LocalDate d = today.minusDays(daysBack); !d.isAfter(today.plusDays(daysAhead)); d = d.plusDays(1)) {
            try {
              if (partitions.ensure(table, d)) {
                created++;
              }
              c.commit();
            } catch (SQLException e) {
              c.rollback();
              throw e;
            }
          }
        } finally {
          c.setAutoCommit(autoCommit);
        }
      }
    }
    if (created > 0) {
      log.info("Created {} daily partitions", created);
    }
    return created;
  }

  /** Runs {@link #ensurePartitions()} now and then every {@code period}; failures are logged. */
  public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period) {
    return scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            ensurePartitions();
          } catch (SQLException | RuntimeException e) {
            log.error("Partition upkeep failed; rows keep landing in the default partition", e);
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
