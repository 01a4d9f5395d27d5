package org.urja.ingest.mqtt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The topic filters each MQTT client id was last configured with. A persistent session keeps every
 * filter it was ever given: a node switched from {@code meters/+/data} to {@code
 * $share/urja/meters/+/data} would otherwise hold both and receive each message twice. The broker
 * cannot be asked what a session holds, so the head-end remembers it (table {@code
 * mqtt_subscriptions}).
 */
public final class RememberedSubscriptions {
  private final DataSource dataSource;

  public RememberedSubscriptions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Set<String> previous(String clientId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT topic_filter FROM mqtt_subscriptions WHERE client_id = ? ORDER BY topic_filter")) {
      ps.setString(1, clientId);
      Set<String> filters = new LinkedHashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          filters.add(rs.getString(1));
        }
      }
      return filters;
    }
  }

  /** Replaces what {@code clientId} holds with {@code filters}, in one transaction. */
  public void remember(String clientId, Collection<String> filters) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement del =
              c.prepareStatement("DELETE FROM mqtt_subscriptions WHERE client_id = ?");
          PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO mqtt_subscriptions (client_id, topic_filter) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        del.setString(1, clientId);
        del.executeUpdate();
        for (String f : filters) {
          ins.setString(1, clientId);
          ins.setString(2, f);
          ins.addBatch();
        }
        ins.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }
}
