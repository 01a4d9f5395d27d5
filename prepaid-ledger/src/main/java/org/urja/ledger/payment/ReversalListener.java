package org.urja.ledger.payment;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told about a reversal inside the transaction that journalled it, once per payment (a reversal
 * asked for again is a replay and is not told): used to queue the consumer's message, so that the
 * message and the debit commit or roll back together.
 */
@FunctionalInterface
public interface ReversalListener {

  ReversalListener NONE = (c, reversal, original) -> {};

  /**
   * @param original the payment's receipt as it was posted
   */
  void onReversal(Connection c, Reversal reversal, Receipt original) throws SQLException;
}
