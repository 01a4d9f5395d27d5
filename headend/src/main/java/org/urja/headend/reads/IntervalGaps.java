package org.urja.headend.reads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which intervals of a meter's block load are missing from storage. An interval counts as stored
 * when a reading of the active energy import register (1.0.1.8.0.255) lies in it — pushes and block
 * load rows both carry that register — so the test is the same whichever way the data came.
 * Interval k is {@code [k × period, (k+1) × period)} in epoch seconds, so a push a few seconds
 * after the interval end still counts for its interval. The query is plain SQL on {@code readings},
 * valid on the plain and the TimescaleDB layouts alike.
 */
public final class IntervalGaps {
  /** The register whose presence marks an interval as stored. */
  public static final String REFERENCE_OBIS = "1.0.1.8.0.255";

  /** A run of missing intervals, by their first and last interval start: a range read covers it. */
  public record Gap(Instant from, Instant to, int intervals) {}

  private final DataSource dataSource;

  public IntervalGaps(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Intervals starting in [{@code from}, {@code to}) with no stored reading, grouped in runs,
   * oldest first. {@code from} is rounded down to the interval grid.
   */
  public List<Gap> missing(String serial, Instant from, Instant to, Duration period) {
    long p = period.toSeconds();
    if (p <= 0) {
      throw new IllegalArgumentException("capture period must be at least a second");
    }
    long first = Math.floorDiv(from.getEpochSecond(), p);
    long end = Math.floorDiv(to.getEpochSecond() + p - 1, p); // exclusive, interval index
    Set<Long> stored =
        storedIntervals(
            serial, Instant.ofEpochSecond(first * p), Instant.ofEpochSecond(end * p), p);
    List<Gap> gaps = new ArrayList<>();
    long runStart = -1;
    for (long k = first; k < end; k++) {
      boolean missing = !stored.contains(k);
      if (missing && runStart < 0) {
        runStart = k;
      }
      if (!missing && runStart >= 0) {
        gaps.add(gap(runStart, k - 1, p));
        runStart = -1;
      }
    }
    if (runStart >= 0) {
      gaps.add(gap(runStart, end - 1, p));
    }
    return gaps;
  }

  /**
   * As {@link #missing}, but only up to the meter's newest stored interval: what a meter that
   * pushes again has missed (lost pushes, and, for a meter whose history here is younger than the
   * window, whatever it pushed before its first stored interval), not the intervals after its
   * newest, whose push may still be on its way.
   */
  public List<Gap> beforeNewest(String serial, Instant from, Instant to, Duration period) {
    List<Gap> all = missing(serial, from, to, period);
    long p = period.toSeconds();
    Instant last = Instant.ofEpochSecond((Math.floorDiv(to.getEpochSecond() + p - 1, p) - 1) * p);
    return all.stream().filter(g -> g.to().isBefore(last)).toList();
  }

  private static Gap gap(long firstInterval, long lastInterval, long p) {
    return new Gap(
        Instant.ofEpochSecond(firstInterval * p),
        Instant.ofEpochSecond(lastInterval * p),
        (int) (lastInterval - firstInterval + 1));
  }

  private Set<Long> storedIntervals(String serial, Instant from, Instant to, long p) {
    String sql =
        "SELECT DISTINCT floor(extract(epoch FROM r.ts) / ?)::bigint FROM ingest_api.readings r "
            + "JOIN ingest_api.meters m ON m.id = r.meter_id WHERE m.serial = ? AND r.obis = ? AND r.ts >= ? AND r.ts < ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, p);
      ps.setString(2, serial);
      ps.setString(3, REFERENCE_OBIS);
      ps.setObject(4, java.sql.Timestamp.from(from));
      ps.setObject(5, java.sql.Timestamp.from(to));
      Set<Long> out = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not look for gaps of meter " + serial + ": " + e.getMessage(), e);
    }
  }
}
