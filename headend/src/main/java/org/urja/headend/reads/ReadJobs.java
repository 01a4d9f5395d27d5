package org.urja.headend.reads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.urja.ingest.store.WriteResult;

/**
 * The lifecycle of profile reads asked for now ({@code read_jobs}): queued → running → done or
 * failed, with what the read found and what the writer stored of it.
 */
public final class ReadJobs {
  private final DataSource dataSource;

  public ReadJobs(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public long create(
      String serial, ProfileKind profile, Instant from, Instant to, String requestedBy) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO read_jobs (meter_serial, profile, range_from, range_to, "
                    + "requested_by) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
      ps.setString(1, serial);
      ps.setString(2, profile.wire());
      ps.setTimestamp(3, Timestamp.from(from));
      ps.setTimestamp(4, Timestamp.from(to));
      ps.setString(5, requestedBy);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not record a read job: " + e.getMessage(), e);
    }
  }

  public void running(long id) {
    update(
        "UPDATE read_jobs SET status = 'running', started_at = now() WHERE id = ? AND status = 'queued'",
        id);
  }

  public void done(long id, int rows, WriteResult w) {
    update(
        "UPDATE read_jobs SET status = 'done', finished_at = now(), rows_read = ?, readings_stored = ?, "
            + "readings_duplicate = ?, events_stored = ? WHERE id = ?",
        rows,
        w.readingsInserted(),
        w.readingsDuplicate(),
        w.eventsInserted(),
        id);
  }

  public void failed(long id, String error) {
    update(
        "UPDATE read_jobs SET status = 'failed', finished_at = now(), error = ? WHERE id = ?",
        error == null ? "unknown error" : error.length() > 500 ? error.substring(0, 500) : error,
        id);
  }

  /**
   * Fails jobs still queued or running after {@code age}: their node stopped before finishing them
   * (a read's every request has its own timeout, so a live job never takes this long).
   */
  public int abandonOlderThan(java.time.Duration age) {
    return update(
        "UPDATE read_jobs SET status = 'failed', finished_at = now(), error = ? "
            + "WHERE status IN ('queued', 'running') AND created_at < now() - make_interval(secs => ?)",
        "abandoned: not finished within " + age + " (the head-end node stopped?)",
        (double) age.toSeconds());
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not update read job: " + e.getMessage(), e);
    }
  }
}
