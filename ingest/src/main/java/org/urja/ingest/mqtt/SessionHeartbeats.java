package org.urja.ingest.mqtt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which ingest client ids of a share group are alive, and which departed one a live node is
 * adopting (table {@code mqtt_session_heartbeats}). Every time is the database's {@code now()}, so
 * the nodes' clocks need not agree. A claim is a lease: the adopter renews it while it drains, and
 * a claim whose lease ran out (an adopter that died) can be taken by another node.
 */
public final class SessionHeartbeats {
  private final DataSource dataSource;

  public SessionHeartbeats(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A departed client id one node has claimed, and when it was last heard of. */
  public record Claimed(String clientId, java.time.Instant lastHeartbeat, boolean stoppedCleanly) {}

  /**
   * The owner is alive: records its heartbeat and takes its client id back from any adopter (whose
   * next lease renewal then fails, so it lets go without ending the session).
   *
   * @return the node that held a live claim on this id until now, if any
   */
  public Optional<String> beat(String clientId, String shareGroup) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            WITH prior AS (
              SELECT adopted_by FROM mqtt_session_heartbeats
              WHERE client_id = ? AND adopted_by IS NOT NULL AND adopted_until > now())
            INSERT INTO mqtt_session_heartbeats (client_id, share_group) VALUES (?, ?)
            ON CONFLICT (client_id) DO UPDATE SET share_group = excluded.share_group,
              heartbeat_at = now(), stopped_at = NULL, adopted_by = NULL, adopted_until = NULL
            RETURNING (SELECT adopted_by FROM prior)""")) {
      ps.setString(1, clientId);
      ps.setString(2, clientId);
      ps.setString(3, shareGroup);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.ofNullable(rs.getString(1));
      }
    }
  }

  /**
   * The client id no longer takes part in a share group (its node was switched to plain topics, or
   * is being retired): nobody is to adopt it any more. An adopter that holds it lets go at its next
   * renewal.
   *
   * @return the node that held a live claim on this id until now, if any
   */
  public Optional<String> withdraw(String clientId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            DELETE FROM mqtt_session_heartbeats WHERE client_id = ?
            RETURNING CASE WHEN adopted_until > now() THEN adopted_by END""")) {
      ps.setString(1, clientId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * A clean stop: the session stays in the broker and may hold queued messages, so still adoptable.
   */
  public void stopped(String clientId) throws SQLException {
    update("UPDATE mqtt_session_heartbeats SET stopped_at = now() WHERE client_id = ?", clientId);
  }

  /**
   * Claims the longest-silent client id of {@code shareGroup} not heard of for {@code adoptAfter}
   * and not claimed by a live lease. Two nodes asking at once never get the same id: the row is
   * locked ({@code FOR UPDATE SKIP LOCKED}) and the claim re-checked when the row was just taken.
   */
  public Optional<Claimed> claim(
      String shareGroup, String adopter, Duration adoptAfter, Duration lease) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            UPDATE mqtt_session_heartbeats
            SET adopted_by = ?, adopted_until = now() + ? * interval '1 millisecond'
            WHERE client_id = (
              SELECT client_id FROM mqtt_session_heartbeats
              WHERE share_group = ? AND client_id <> ?
                AND heartbeat_at < now() - ? * interval '1 millisecond'
                AND (adopted_until IS NULL OR adopted_until < now())
              ORDER BY heartbeat_at LIMIT 1
              FOR UPDATE SKIP LOCKED)
            AND heartbeat_at < now() - ? * interval '1 millisecond'
            AND (adopted_until IS NULL OR adopted_until < now())
            RETURNING client_id, heartbeat_at, stopped_at IS NOT NULL""")) {
      ps.setString(1, adopter);
      ps.setLong(2, lease.toMillis());
      ps.setString(3, shareGroup);
      ps.setString(4, adopter);
      ps.setLong(5, adoptAfter.toMillis());
      ps.setLong(6, adoptAfter.toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Claimed(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3)))
            : Optional.empty();
      }
    }
  }

  /**
   * Extends the adopter's lease; false when the claim is no longer its own (the owner came back, or
   * the lease ran out and another node took it).
   */
  public boolean renew(String clientId, String adopter, Duration lease) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            UPDATE mqtt_session_heartbeats SET adopted_until = now() + ? * interval '1 millisecond'
            WHERE client_id = ? AND adopted_by = ? AND adopted_until > now()""")) {
      ps.setLong(1, lease.toMillis());
      ps.setString(2, clientId);
      ps.setString(3, adopter);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Gives an unfinished adoption up; nobody tries the id again for {@code holdOff}, so a node that
   * is in fact alive (its database writes failing, its broker connection fine) is not taken over
   * every few seconds.
   */
  public void release(String clientId, String adopter, Duration holdOff) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            UPDATE mqtt_session_heartbeats
            SET adopted_by = NULL, adopted_until = now() + ? * interval '1 millisecond'
            WHERE client_id = ? AND adopted_by = ?""")) {
      ps.setLong(1, holdOff.toMillis());
      ps.setString(2, clientId);
      ps.setString(3, adopter);
      ps.executeUpdate();
    }
  }

  /**
   * The adopted session is ended: forgets the client id (its heartbeat and the filters it held), in
   * one transaction, only while the claim is still the adopter's.
   */
  public boolean forget(String clientId, String adopter) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement beat =
              c.prepareStatement(
                  "DELETE FROM mqtt_session_heartbeats WHERE client_id = ? AND adopted_by = ?");
          PreparedStatement subs =
              c.prepareStatement("DELETE FROM mqtt_subscriptions WHERE client_id = ?")) {
        beat.setString(1, clientId);
        beat.setString(2, adopter);
        boolean mine = beat.executeUpdate() == 1;
        if (mine) {
          subs.setString(1, clientId);
          subs.executeUpdate();
        }
        c.commit();
        return mine;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void update(String sql, String clientId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, clientId);
      ps.executeUpdate();
    }
  }
}
