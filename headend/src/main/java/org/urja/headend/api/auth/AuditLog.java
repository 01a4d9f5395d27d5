package org.urja.headend.api.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One row per state-changing API call: who, what, and how it ended. */
public final class AuditLog {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private final DataSource dataSource;

  public AuditLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void record(Principal who, String method, String path, int status, String detail) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into api_audit (principal, role, method, path, status, detail) values (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, who == null ? "anonymous" : who.subject());
      ps.setString(2, who == null ? "none" : who.role().wire());
      ps.setString(3, method);
      ps.setString(4, path);
      ps.setInt(5, status);
      ps.setString(6, detail);
      ps.executeUpdate();
    } catch (SQLException e) {
      // the call has already happened; losing its audit row must be loud, not fatal to the caller
      log.error("audit row lost for {} {} by {}: {}", method, path, who, e.toString());
    }
  }
}
