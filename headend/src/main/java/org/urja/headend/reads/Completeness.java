package org.urja.headend.reads;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Data completeness, the figure a utility judges a head-end by: per meter per civil day (in the
 * utility's zone), the share of the day's block load intervals that are stored. Expected intervals
 * are the day's length over the meter's capture period (the one it reported, else the configured
 * default): 96 on a 24-hour day at 15 minutes. An interval is stored when a reading of the active
 * energy import register lies in it ({@link IntervalGaps}). Queries are plain SQL on {@code
 * readings}, valid on the plain and the TimescaleDB layouts.
 */
public final class Completeness {
  /**
   * One meter's day: intervals stored of expected, and the share in percent (two decimals, at most
   * 100).
   */
  public record Day(LocalDate date, int stored, int expected, BigDecimal percent) {}

  /** The fleet on one day. */
  public record Fleet(
      LocalDate date,
      int meters,
      int complete,
      int belowNinety,
      int silent,
      BigDecimal averagePercent,
      List<Map<String, Object>> worst) {}

  private final DataSource dataSource;
  private final ZoneId zone;
  private final Duration defaultPeriod;

  public Completeness(DataSource dataSource, ZoneId zone, Duration defaultPeriod) {
    this.dataSource = dataSource;
    this.zone = zone;
    this.defaultPeriod = defaultPeriod;
  }

  /** Every day from {@code from} to {@code to} inclusive, days with nothing stored included. */
  public List<Day> meter(String serial, LocalDate from, LocalDate to) {
    long period = periodOf(serial);
    String sql =
        "SELECT (r.ts AT TIME ZONE ?)::date AS day, count(DISTINCT floor(extract(epoch FROM r.ts) / ?)) "
            + "FROM ingest_api.readings r JOIN ingest_api.meters m ON m.id = r.meter_id WHERE m.serial = ? AND r.obis = ? "
            + "AND r.ts >= ? AND r.ts < ? GROUP BY 1";
    Map<LocalDate, Integer> stored = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, zone.getId());
      ps.setLong(2, period);
      ps.setString(3, serial);
      ps.setString(4, IntervalGaps.REFERENCE_OBIS);
      ps.setTimestamp(5, Timestamp.from(from.atStartOfDay(zone).toInstant()));
      ps.setTimestamp(6, Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getObject(1, LocalDate.class), rs.getInt(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not measure completeness of meter " + serial + ": " + e.getMessage(), e);
    }
    List<Day> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      int expected = expected(d, period);
      int s = Math.min(stored.getOrDefault(d, 0), expected);
      out.add(new Day(d, s, expected, percent(s, expected)));
    }
    return out;
  }

  /**
   * The fleet's day: meters in scope ({@code utility} null: all), how many are complete, below 90
   * %, silent (nothing stored), the average share, and the {@code worstLimit} least complete
   * meters.
   */
  public Fleet fleet(LocalDate date, String utility, int worstLimit) {
    long daySeconds =
        Duration.between(date.atStartOfDay(zone), date.plusDays(1).atStartOfDay(zone)).toSeconds();
    String perMeter =
        "WITH per AS (SELECT m.serial, coalesce(m.capture_period_s, ?) AS p, "
            + "(SELECT count(DISTINCT floor(extract(epoch FROM r.ts) / coalesce(m.capture_period_s, ?))) FROM ingest_api.readings r "
            + "WHERE r.meter_id = m.id AND r.obis = ? AND r.ts >= ? AND r.ts < ?) AS stored FROM ingest_api.meters m "
            + "WHERE m.status <> 'quarantined' AND (?::text IS NULL OR m.utility = ? OR EXISTS (SELECT 1 FROM "
            + "ledger_api.account_meters l JOIN ledger_api.accounts a USING (account_id) WHERE l.meter_serial = m.serial "
            + "AND l.valid_to IS NULL AND a.utility_id = ?))), "
            + "share AS (SELECT serial, least(stored, ? / p) AS stored, ? / p AS expected FROM per) ";
    Timestamp start = Timestamp.from(date.atStartOfDay(zone).toInstant());
    Timestamp end = Timestamp.from(date.plusDays(1).atStartOfDay(zone).toInstant());
    Object[] args = {
      defaultPeriod.toSeconds(),
      defaultPeriod.toSeconds(),
      IntervalGaps.REFERENCE_OBIS,
      start,
      end,
      utility,
      utility,
      utility,
      daySeconds,
      daySeconds
    };
    int meters;
    int complete;
    int below;
    int silent;
    BigDecimal average;
    List<Map<String, Object>> worst = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              perMeter
                  + "SELECT count(*), "
                  + "count(*) FILTER (WHERE stored >= expected), count(*) FILTER (WHERE stored * 10 < expected * 9), "
                  + "count(*) FILTER (WHERE stored = 0), coalesce(avg(100.0 * stored / expected), 0) FROM share")) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          meters = rs.getInt(1);
          complete = rs.getInt(2);
          below = rs.getInt(3);
          silent = rs.getInt(4);
          average = rs.getBigDecimal(5).setScale(2, RoundingMode.HALF_UP);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              perMeter
                  + "SELECT serial, stored, expected FROM share "
                  + "WHERE stored < expected ORDER BY stored * 1.0 / expected, serial LIMIT ?")) {
        bind(ps, args);
        ps.setInt(args.length + 1, worstLimit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int s = rs.getInt(2);
            int e = rs.getInt(3);
            worst.add(
                Map.of(
                    "meterSerial",
                    rs.getString(1),
                    "stored",
                    s,
                    "expected",
                    e,
                    "percent",
                    percent(s, e)));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not measure fleet completeness: " + e.getMessage(), e);
    }
    return new Fleet(date, meters, complete, below, silent, average, worst);
  }

  private long periodOf(String serial) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT capture_period_s FROM ingest_api.meters WHERE serial = ?")) {
      ps.setString(1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          int p = rs.getInt(1);
          if (!rs.wasNull()) {
            return p;
          }
        }
        return defaultPeriod.toSeconds();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int expected(LocalDate d, long period) {
    long seconds =
        Duration.between(d.atStartOfDay(zone), d.plusDays(1).atStartOfDay(zone)).toSeconds();
    return (int) (seconds / period);
  }

  static BigDecimal percent(int stored, int expected) {
    if (expected == 0) {
      return BigDecimal.ZERO.setScale(2);
    }
    return BigDecimal.valueOf(100L * stored)
        .divide(BigDecimal.valueOf(expected), 2, RoundingMode.HALF_UP);
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }
}
