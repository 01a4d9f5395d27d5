package org.urja.ingest.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real database as one component sees it during an outage: answering, or refusing new connections
 * the way the driver does when the server is down (SQLState 08001), while the rest of the test
 * keeps using the database directly.
 */
public final class SwitchableDataSource implements DataSource {
  private final DataSource real;
  public final AtomicBoolean down = new AtomicBoolean();
  public final AtomicInteger refusedConnections = new AtomicInteger();

  public SwitchableDataSource(DataSource real) {
    this.real = real;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (down.get()) {
      refusedConnections.incrementAndGet();
      throw new SQLException("Connection to localhost refused", "08001");
    }
    return real.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
