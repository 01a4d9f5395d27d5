package org.urja.ledger.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Told about balance movements inside the transaction that made them, so that whatever it writes
 * (alerts in the notification outbox, relay commands) commits or rolls back with the journal.
 */
@FunctionalInterface
public interface BalanceListener {

  BalanceListener NONE = (c, changes) -> {};

  void onBalanceChanges(Connection c, List<BalanceChange> changes) throws SQLException;

  /** Both listeners, in order, in the same transaction. */
  default BalanceListener andThen(BalanceListener next) {
    return (c, changes) -> {
      onBalanceChanges(c, changes);
      next.onBalanceChanges(c, changes);
    };
  }
}
