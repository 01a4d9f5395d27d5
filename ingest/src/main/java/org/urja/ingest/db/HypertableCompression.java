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
 * Keeps TimescaleDB's compression policy on {@code reading_rows} and {@code meter_events} at the
 * configured age ({@code storage.compress.after}), as {@link HypertableRetention} does for
 * retention: the migration sets it once, an operator's later change takes effect on the next start.
 * On plain PostgreSQL it does nothing (nothing there compresses).
 */
public final class HypertableCompression {
  private static final Logger log = LoggerFactory.getLogger(HypertableCompression.class);
  private static final String[] TABLES = {ReadingRows.TABLE, "meter_events"};

  private HypertableCompression() {}

  /** Returns how many policies were replaced; 0 when they already match or the layout is plain. */
  public static int reconcile(DataSource dataSource, String compressAfter) throws SQLException {
    TimeSeriesLayout.Options.checkInterval(compressAfter);
    try (Connection c = dataSource.getConnection()) {
      int replaced = 0;
      for (String table : TABLES) {
        if (CompactReadings.isHypertable(c, table) && !matches(c, table, compressAfter)) {
          try (Statement st = c.createStatement()) {
            // the interval was checked above: policies take no bind parameters
            st.execute("SELECT remove_compression_policy('" + table + "', if_exists => true)");
            st.execute(
                "SELECT add_compression_policy('" + table + "', INTERVAL '" + compressAfter + "')");
          }
          log.info("TimescaleDB compresses {} after {}", table, compressAfter);
          replaced++;
        }
      }
      return replaced;
    }
  }

  private static boolean matches(Connection c, String table, String compressAfter)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT (config->>'compress_after')::interval = CAST(? AS interval)"
                + " FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = ?")) {
      ps.setString(1, compressAfter);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
