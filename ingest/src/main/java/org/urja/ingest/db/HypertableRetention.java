package org.urja.ingest.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps TimescaleDB's retention policy on {@code reading_rows} and {@code meter_events} equal to
 * the configured retention. The first migration sets the policy; an operator who later changes
 * {@code storage.retention} expects the change to take effect on the next start, as it does for the
 * plain layout's partition upkeep. Written from the TimescaleDB API reference ({@code
 * timescaledb_information.jobs}, {@code remove_retention_policy}, {@code add_retention_policy}); on
 * plain PostgreSQL it does nothing.
 */
public final class HypertableRetention {
  private static final Logger log = LoggerFactory.getLogger(HypertableRetention.class);
  private static final String[] TABLES = {ReadingRows.TABLE, "meter_events"};

  private HypertableRetention() {}

  /** Returns how many policies were replaced; 0 when they already match or the layout is plain. */
  public static int reconcile(DataSource dataSource, String retention) throws SQLException {
    TimeSeriesLayout.Options.checkInterval(retention);
    try (Connection c = dataSource.getConnection()) {
      if (!timescaleInstalled(c)) {
        return 0;
      }
      int replaced = 0;
      for (String table : TABLES) {
        if (!matches(c, table, retention)) {
          try (Statement st = c.createStatement()) {
            // the interval was checked above: policies take no bind parameters
            st.execute("SELECT remove_retention_policy('" + table + "', if_exists => true)");
            st.execute(
                "SELECT add_retention_policy('" + table + "', INTERVAL '" + retention + "')");
          }
          log.info("TimescaleDB retention on {} set to {}", table, retention);
          replaced++;
        }
      }
      return replaced;
    }
  }

  private static boolean timescaleInstalled(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
      return rs.next();
    }
  }

  private static boolean matches(Connection c, String table, String retention) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT (config->>'drop_after')::interval = CAST(? AS interval) "
                + "FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = ?")) {
      ps.setString(1, retention);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
