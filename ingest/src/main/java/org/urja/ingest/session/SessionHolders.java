package org.urja.ingest.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads the {@link SessionDirectory} from the point of view of one node: which meters another node
 * holds. The relay command queue asks it so that a command goes out through the node the meter is
 * connected to, without any module but the ingest reading {@code meter_sessions}.
 */
public final class SessionHolders {
  private final DataSource dataSource;
  private final String nodeId;

  public SessionHolders(DataSource dataSource, String nodeId) {
    this.dataSource = dataSource;
    this.nodeId = nodeId;
  }

  /** Of {@code serials}, those whose live association is on a node other than this one. */
  public Set<String> heldElsewhere(Collection<String> serials) {
    Set<String> out = new HashSet<>();
    if (serials.isEmpty()) {
      return out;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select meter_serial from meter_sessions where meter_serial = any(?) and node_id <> ?")) {
      ps.setArray(1, c.createArrayOf("text", serials.toArray()));
      ps.setString(2, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the meter session directory: " + e.getMessage(), e);
    }
  }
}
