package org.urja.ingest.deadletter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The owner of {@code dead_letters}: input that failed the same way too often is recorded here and
 * then acknowledged at its source, so it can neither be lost nor poison a restart. Operators list
 * letters and resolve them (after fixing the cause, or to discard).
 *
 * <p>Recording must not become a second way to run out of memory or disk: payloads are cut to
 * {@link #MAX_PAYLOAD_BYTES} and texts to {@link #MAX_TEXT_CHARS}.
 */
public final class DeadLetters {
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  public static final int MAX_TEXT_CHARS = 1_000;

  private final DataSource dataSource;

  public DeadLetters(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores the letter and returns its id; the caller acknowledges its input only after this. */
  public long record(DeadLetter.New letter) throws SQLException {
    byte[] payload = letter.payload() == null ? new byte[0] : letter.payload();
    if (payload.length > MAX_PAYLOAD_BYTES) {
      payload = Arrays.copyOf(payload, MAX_PAYLOAD_BYTES);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO dead_letters (source, origin, meter_serial, reason, detail, payload, attempts)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      ps.setString(1, cut(letter.source()));
      ps.setString(2, cut(letter.origin() == null ? "" : letter.origin()));
      ps.setString(3, letter.meterSerial() == null ? null : cut(letter.meterSerial()));
      ps.setString(4, cut(letter.reason()));
      ps.setString(5, cut(letter.detail() == null ? "" : letter.detail()));
      ps.setBytes(6, payload);
      ps.setInt(7, letter.attempts());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Open letters (or all, with {@code includeResolved}), newest first, ids below {@code beforeId}.
   */
  public List<DeadLetter> list(boolean includeResolved, long beforeId, int limit)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, source, origin, meter_serial, reason, detail, payload, attempts, created_at,"
                    + " resolved_at, resolution FROM dead_letters WHERE id < ? AND (? OR resolved_at IS NULL)"
                    + " ORDER BY id DESC LIMIT ?")) {
      ps.setLong(1, beforeId);
      ps.setBoolean(2, includeResolved);
      ps.setInt(3, limit);
      List<DeadLetter> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  public Optional<DeadLetter> find(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, source, origin, meter_serial, reason, detail, payload, attempts, created_at,"
                    + " resolved_at, resolution FROM dead_letters WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Open letters: the figure operators watch (and {@code /health} may report). */
  public long countOpen() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM dead_letters WHERE resolved_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Closes an open letter with the operator's words; false when it was not open. */
  public boolean resolve(long id, String resolution) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE dead_letters SET resolved_at = now(), resolution = ? WHERE id = ? AND resolved_at IS NULL")) {
      ps.setString(1, cut(resolution));
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  private static DeadLetter read(ResultSet rs) throws SQLException {
    Timestamp resolved = rs.getTimestamp(10);
    return new DeadLetter(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getBytes(7),
        rs.getInt(8),
        rs.getTimestamp(9).toInstant(),
        resolved == null ? null : resolved.toInstant(),
        rs.getString(11));
  }

  private static String cut(String s) {
    return s.length() <= MAX_TEXT_CHARS ? s : s.substring(0, MAX_TEXT_CHARS);
  }
}
