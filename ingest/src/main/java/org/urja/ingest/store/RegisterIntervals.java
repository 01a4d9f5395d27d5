package org.urja.ingest.store;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.urja.ingest.store.RegisterReadings.Value;

/**
 * Ingest's read API for one register of one meter over consecutive intervals (buckets), answered
 * from the stored readings themselves, so a reading stored late (a back-filled profile, a meter
 * that was offline) is in every answer the moment it is committed, on either layout.
 *
 * <p>A cumulative register's consumption in {@code [start, end)} is its value at {@code end} less
 * its value at {@code start}, where the value at an instant is the last reading at or before it:
 * with a push every 15 minutes the reading at 00:15 closes the bucket 00:00–00:15. The differences
 * of consecutive buckets telescope, so buckets of any size add up exactly to the difference over
 * their whole span. Every boundary is one backward probe of the primary key {@code (meter_id, obis,
 * ts)}; the per-bucket sample statistics are one range scan of it.
 */
public final class RegisterIntervals {

  /**
   * One bucket {@code [start, end)}: the samples stored inside it, and the register at both ends.
   *
   * @param atStart the last reading at or before {@code start}; before the register's first reading
   *     its first reading inside the bucket (so consumption is counted from the first reading), or
   *     null when the bucket holds none
   * @param atEnd the last reading at or before {@code end}, or null before the first reading
   */
  public record Interval(
      Instant start,
      Instant end,
      long samples,
      BigDecimal min,
      BigDecimal max,
      String unit,
      Value atStart,
      Value atEnd) {

    /** {@code atEnd − atStart}: a cumulative register's consumption; empty when either is. */
    public Optional<BigDecimal> difference() {
      return atStart == null || atEnd == null
          ? Optional.empty()
          : Optional.of(atEnd.value().subtract(atStart.value()));
    }
  }

  private final DataSource dataSource;

  public RegisterIntervals(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The buckets between consecutive {@code boundaries} (ascending, at least two): {@code n}
   * boundaries give {@code n − 1} intervals, in order.
   */
  public List<Interval> over(String serial, String obis, List<Instant> boundaries) {
    if (boundaries.size() < 2) {
      throw new IllegalArgumentException("at least two boundaries make an interval");
    }
    for (int i = 1; i < boundaries.size(); i++) {
      if (!boundaries.get(i - 1).isBefore(boundaries.get(i))) {
        throw new IllegalArgumentException("boundaries must ascend: " + boundaries);
      }
    }
    try (Connection c = dataSource.getConnection()) {
      Array thresholds = c.createArrayOf("timestamptz", timestamps(boundaries));
      Value[] at = atOrBefore(c, serial, obis, thresholds, boundaries.size());
      Stats[] stats = stats(c, serial, obis, thresholds, boundaries);
      Value first = at[0] == null ? firstFrom(c, serial, obis, boundaries.get(0)) : null;
      List<Interval> out = new ArrayList<>(boundaries.size() - 1);
      for (int i = 0; i + 1 < boundaries.size(); i++) {
        Instant start = boundaries.get(i);
        Instant end = boundaries.get(i + 1);
        Value atStart = at[i];
        if (atStart == null && first != null && first.ts().isBefore(end)) {
          atStart = first;
        }
        Stats s = stats[i] == null ? Stats.NONE : stats[i];
        out.add(new Interval(start, end, s.samples, s.min, s.max, s.unit, atStart, at[i + 1]));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading register " + obis + " of " + serial + " failed", e);
    }
  }

  /** The registers (OBIS codes) the meter has readings of with {@code from <= ts < to}. */
  public List<String> registers(String serial, Instant from, Instant to) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select distinct obis from readings where meter_id = "
                    + METER
                    + " and ts >= ? and ts < ? order by obis")) {
      ps.setString(1, serial);
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("listing registers of " + serial + " failed", e);
    }
  }

  // a scalar subquery: planned once as a parameter, so readings is probed by its primary key
  private static final String METER = "(select id from meters where serial = ?)";

  private record Stats(long samples, BigDecimal min, BigDecimal max, String unit) {
    static final Stats NONE = new Stats(0, null, null, null);
  }

  private static Value[] atOrBefore(
      Connection c, String serial, String obis, Array thresholds, int n) throws SQLException {
    Value[] at = new Value[n];
    try (PreparedStatement ps =
        c.prepareStatement(
            "select b.i, r.ts, r.value from unnest(?::timestamptz[]) with ordinality as b(t, i) "
                + "cross join lateral (select ts, value from readings where meter_id = "
                + METER
                + " and obis = ? and ts <= b.t order by ts desc limit 1) r")) {
      ps.setArray(1, thresholds);
      ps.setString(2, serial);
      ps.setString(3, obis);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          at[rs.getInt(1) - 1] = new Value(rs.getTimestamp(2).toInstant(), rs.getBigDecimal(3));
        }
      }
    }
    return at;
  }

  private static Stats[] stats(
      Connection c, String serial, String obis, Array thresholds, List<Instant> boundaries)
      throws SQLException {
    Stats[] stats = new Stats[boundaries.size() - 1];
    // width_bucket numbers the interval [b(i), b(i+1)) as i (1-based) over a sorted array
    try (PreparedStatement ps =
        c.prepareStatement(
            "select width_bucket(ts, ?::timestamptz[]) as i, count(*), min(value), max(value), "
                + "max(unit) from readings where meter_id = "
                + METER
                + " and obis = ? and ts >= ? and ts < ? group by 1")) {
      ps.setArray(1, thresholds);
      ps.setString(2, serial);
      ps.setString(3, obis);
      ps.setTimestamp(4, Timestamp.from(boundaries.get(0)));
      ps.setTimestamp(5, Timestamp.from(boundaries.get(boundaries.size() - 1)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stats[rs.getInt(1) - 1] =
              new Stats(rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getString(5));
        }
      }
    }
    return stats;
  }

  private static Value firstFrom(Connection c, String serial, String obis, Instant from)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select ts, value from readings where meter_id = "
                + METER
                + " and obis = ? and ts >= ? order by ts limit 1")) {
      ps.setString(1, serial);
      ps.setString(2, obis);
      ps.setTimestamp(3, Timestamp.from(from));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Value(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2)) : null;
      }
    }
  }

  private static Timestamp[] timestamps(List<Instant> instants) {
    Timestamp[] out = new Timestamp[instants.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Timestamp.from(instants.get(i));
    }
    return out;
  }
}
