package org.urja.headend.reads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The dial addresses of listening meters ({@code meters.dial_address}) and the block load capture
 * period each meter reported of itself ({@code meters.capture_period_s}).
 */
public final class MeterAddresses {
  private final DataSource dataSource;

  public MeterAddresses(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Sets (or with null clears) where {@code serial} is dialled; false when there is no such meter. */
  public boolean set(String serial, DialAddress address) {
    return update("UPDATE meters SET dial_address = ?, updated_at = now() WHERE serial = ?",
        address == null ? null : address.toString(), serial) == 1;
  }

  public Optional<DialAddress> find(String serial) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT dial_address FROM meters WHERE serial = ?")) {
      ps.setString(1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? DialAddress.tryParse(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not look up the dial address of meter " + serial, e);
    }
  }

  /** Records the capture period the meter reported (profile attribute 4); ignores zero (not reported). */
  public void learnedCapturePeriod(String serial, Duration period) {
    if (period.isZero() || period.isNegative() || period.toSeconds() > 86_400) {
      return;
    }
    update("UPDATE meters SET capture_period_s = ? WHERE serial = ? AND capture_period_s IS DISTINCT FROM ?",
        (int) period.toSeconds(), serial, (int) period.toSeconds());
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not update meters: " + e.getMessage(), e);
    }
  }
}
