package org.urja.ledger.db;

import java.sql.Timestamp;
import java.time.Instant;

/** Small conversions between java.time and JDBC. */
public final class Sql {
  private Sql() {}

  public static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  public static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
