package org.urja.headend.reads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each meter's profile was last read ({@code meter_read_state}): the claim that makes one node
 * read a due profile, and the outcome.
 */
final class ReadState {
  private static final Logger log = LoggerFactory.getLogger(ReadState.class);

  private final DataSource dataSource;

  ReadState(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Claims the reads of {@code kind} for those of {@code serials} not attempted within {@code
   * every} (one statement), answering serial → last success (null: never) of those claimed here.
   */
  Map<String, Instant> claim(
      Collection<String> serials, ProfileKind kind, Instant now, Duration every) {
    String sql =
        "INSERT INTO meter_read_state AS s (meter_serial, profile, last_attempt_at) "
            + "SELECT unnest(?::text[]), ?, ? ON CONFLICT (meter_serial, profile) DO UPDATE "
            + "SET last_attempt_at = excluded.last_attempt_at WHERE s.last_attempt_at <= ? "
            + "RETURNING s.meter_serial, s.last_success_at";
    Map<String, Instant> out = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", serials.toArray()));
      ps.setString(2, kind.wire());
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setTimestamp(4, Timestamp.from(now.minus(every)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp last = rs.getTimestamp(2);
          out.put(rs.getString(1), last == null ? null : last.toInstant());
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("could not claim scheduled reads: " + ex.getMessage(), ex);
    }
    return out;
  }

  void recordOutcome(String serial, ProfileKind kind, Instant now, String error) {
    String sql =
        error == null
            ? "UPDATE meter_read_state SET last_success_at = ?, last_error = NULL WHERE meter_serial = ? AND profile = ?"
            : "UPDATE meter_read_state SET last_error = ? WHERE meter_serial = ? AND profile = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (error == null) {
        ps.setTimestamp(1, Timestamp.from(now));
      } else {
        ps.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
      }
      ps.setString(2, serial);
      ps.setString(3, kind.wire());
      ps.executeUpdate();
    } catch (SQLException e) {
      log.warn("could not record the {} read of meter {}: {}", kind.wire(), serial, e.toString());
    }
  }
}
