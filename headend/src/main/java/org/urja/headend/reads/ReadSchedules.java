package org.urja.headend.reads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.util.PGInterval;

/**
 * How often each profile is read ({@code read_schedules}), per utility and per meter model. The
 * most specific row wins: utility and model, then utility ('*' model), then model ('*' utility),
 * then '*'/'*'. A disabled row switches the profile off for what it matches.
 */
public final class ReadSchedules {
  /** One row of the table. */
  public record Row(
      String utility, String model, ProfileKind profile, Duration every, boolean enabled) {
    int specificity(String meterUtility, String meterModel) {
      boolean u = utility.equals("*") || utility.equals(meterUtility);
      boolean m = model.equals("*") || model.equals(meterModel);
      if (!u || !m) {
        return -1;
      }
      return (utility.equals("*") ? 0 : 2) + (model.equals("*") ? 0 : 1);
    }
  }

  private final List<Row> rows;

  public ReadSchedules(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** The table as it is now. */
  public static ReadSchedules load(DataSource ds) {
    List<Row> rows = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT utility, model, profile, extract(epoch FROM every)::bigint, enabled FROM read_schedules");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ProfileKind kind = ProfileKind.fromWire(rs.getString(3)).orElseThrow();
        rows.add(
            new Row(
                rs.getString(1),
                rs.getString(2),
                kind,
                Duration.ofSeconds(rs.getLong(4)),
                rs.getBoolean(5)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read read_schedules: " + e.getMessage(), e);
    }
    return new ReadSchedules(rows);
  }

  /** How often {@code profile} is read for a meter of this utility and model; empty: not read. */
  public Optional<Duration> every(String utility, String model, ProfileKind profile) {
    Row best = null;
    int bestScore = -1;
    for (Row r : rows) {
      if (r.profile() != profile) {
        continue;
      }
      int s = r.specificity(utility == null ? "" : utility, model == null ? "" : model);
      if (s > bestScore) {
        best = r;
        bestScore = s;
      }
    }
    return best == null || !best.enabled() ? Optional.empty() : Optional.of(best.every());
  }

  public List<Row> rows() {
    return rows;
  }

  /** Sets (inserts or replaces) one row. */
  public static void put(DataSource ds, Row row) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO read_schedules (utility, model, profile, every, enabled) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (utility, model, profile) DO UPDATE SET every = excluded.every, "
                    + "enabled = excluded.enabled")) {
      ps.setString(1, row.utility());
      ps.setString(2, row.model());
      ps.setString(3, row.profile().wire());
      ps.setObject(4, new PGInterval(0, 0, 0, 0, 0, row.every().toSeconds()));
      ps.setBoolean(5, row.enabled());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not set a read schedule: " + e.getMessage(), e);
    }
  }
}
