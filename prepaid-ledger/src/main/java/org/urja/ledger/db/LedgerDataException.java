package org.urja.ledger.db;

import java.sql.SQLException;

/** A database failure inside the ledger; the transaction it happened in has been rolled back. */
public class LedgerDataException extends RuntimeException {
  public LedgerDataException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
