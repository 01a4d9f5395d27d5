package org.urja.ingest.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * How often each MQTT message failed to be handled, by its identity (topic and SHA-256 of the
 * payload: a broker's message id is reused and a redelivery after reconnect may carry another),
 * kept in the database (table {@code mqtt_delivery_attempts}) so the count survives the restarts a
 * poison message may cause. A message handled at last is forgotten.
 */
public final class DeliveryAttempts {
  private final DataSource dataSource;

  public DeliveryAttempts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The identity of a message across redeliveries. */
  public static String keyOf(String topic, byte[] payload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(topic.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return HexFormat.of().formatHex(sha.digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Counts one more attempt that did not (or may not) succeed and returns the count so far.
   *
   * @param reason why it failed; null keeps the reason recorded before (an attempt begun, outcome
   *     unknown)
   */
  public int count(String key, String topic, String reason) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            INSERT INTO mqtt_delivery_attempts (message_key, topic, attempts, last_reason) VALUES (?, ?, 1, coalesce(?, ''))
            ON CONFLICT (message_key) DO UPDATE SET attempts = mqtt_delivery_attempts.attempts + 1,
              last_reason = coalesce(?, mqtt_delivery_attempts.last_reason), updated_at = now()
            RETURNING attempts""")) {
      ps.setString(1, key);
      ps.setString(2, topic);
      ps.setString(3, reason);
      ps.setString(4, reason);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Records why an attempt already counted failed, without counting it again. */
  public void explain(String key, String reason) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE mqtt_delivery_attempts SET last_reason = ?, updated_at = now() WHERE message_key = ?")) {
      ps.setString(1, reason);
      ps.setString(2, key);
      ps.executeUpdate();
    }
  }

  /** The last recorded reason, or empty. */
  public String lastReason(String key) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT last_reason FROM mqtt_delivery_attempts WHERE message_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    }
  }

  public void forget(String key) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM mqtt_delivery_attempts WHERE message_key = ?")) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
  }

  /** Drops counts of messages not seen for a week: the broker no longer holds those. */
  public int pruneStale() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM mqtt_delivery_attempts WHERE updated_at < now() - interval '7 days'")) {
      return ps.executeUpdate();
    }
  }
}
