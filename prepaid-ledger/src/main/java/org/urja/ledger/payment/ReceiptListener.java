package org.urja.ledger.payment;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told about a new receipt inside the transaction that credited it (used to queue the receipt
 * message).
 */
@FunctionalInterface
public interface ReceiptListener {

  ReceiptListener NONE = (c, r) -> {};

  void onReceipt(Connection c, Receipt receipt) throws SQLException;
}
