package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the head-end needs to dial a listening meter, kept on the ingest's {@code meters} row: the
 * address an operator set ({@code dial_address}) and the block load capture period the meter
 * reported of itself ({@code capture_period_s}). The ingest owns that table, so other modules
 * change these two columns only here.
 */
public final class MeterDialSettings {
  /** A capture period longer than a day is no capture period a meter reports. */
  public static final int MAX_CAPTURE_PERIOD_S = 86_400;

  private final DataSource dataSource;

  public MeterDialSettings(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Sets (or with null clears) where {@code serial} is dialled; false when there is no such meter.
   */
  public boolean setDialAddress(String serial, String address) {
    return update(
            "UPDATE meters SET dial_address = ?, updated_at = now() WHERE serial = ?",
            address,
            serial)
        == 1;
  }

  /** The address as stored; empty when the meter is unknown or has none. */
  public Optional<String> dialAddress(String serial) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT dial_address FROM meters WHERE serial = ?")) {
      ps.setString(1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not look up the dial address of meter " + serial, e);
    }
  }

  /** Records the capture period the meter reported; a write only when it changed. */
  public void recordCapturePeriod(String serial, int seconds) {
    if (seconds <= 0 || seconds > MAX_CAPTURE_PERIOD_S) {
      throw new IllegalArgumentException("capture period out of range: " + seconds + " s");
    }
    update(
        "UPDATE meters SET capture_period_s = ? WHERE serial = ? AND capture_period_s IS DISTINCT FROM ?",
        seconds,
        serial,
        seconds);
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
