package org.urja.ingest.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells a failure worth retrying (the database is away or busy) from one that will repeat. */
final class TransientFailures {

  private TransientFailures() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException e && e.getSQLState() != null && transientState(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientState(String state) {
    return state.startsWith("08") // connection exception
        || state.startsWith("53") // insufficient resources (disk full, too many connections)
        || state.equals("40001") // serialization failure
        || state.equals("40P01") // deadlock detected
        || state.equals("55P03") // lock not available
        || state.equals("57014") // statement timeout / cancelled
        || state.startsWith("57P"); // admin shutdown, crash shutdown, cannot connect now
  }
}
