package org.urja.ingest.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * Tells a failure worth retrying from one that will repeat, and among those worth retrying, an
 * outage (the database is away: retried for as long as it lasts) from contention (a deadlock, a
 * lock or statement timeout: retried a few times, after which the batch itself is suspect).
 */
final class TransientFailures {

  private TransientFailures() {}

  /** Worth another attempt: an outage or contention. */
  static boolean isTransient(Throwable failure) {
    return isOutage(failure) || isContention(failure);
  }

  /**
   * The database cannot be reached or has no room: nothing about the batch is wrong, so it is
   * retried until the database is back. Hikari reports a connection lost under it as a bare {@code
   * SQLException("Connection is closed")} without SQLState, and pgjdbc wraps socket errors
   * (connection refused, reset) with the {@link IOException} as cause: both count.
   */
  static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException e) {
        String state = e.getSQLState();
        if (state != null
            && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"))) {
          return true;
        }
        if (state == null && closedConnection(e.getMessage())) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Lost a race with another transaction: likely to pass when tried again, but not forever. */
  static boolean isContention(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException) {
        return true;
      }
      if (t instanceof SQLException e
          && e.getSQLState() != null
          && contentionState(e.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean closedConnection(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("connection is closed")
        || m.contains("connection has been closed")
        || m.contains("connection refused");
  }

  private static boolean contentionState(String state) {
    return state.equals("40001") // serialization failure
        || state.equals("40P01") // deadlock detected
        || state.equals("55P03") // lock not available
        || state.equals("57014"); // statement timeout / cancelled
  }
}
