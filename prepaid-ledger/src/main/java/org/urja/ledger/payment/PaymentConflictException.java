package org.urja.ledger.payment;

/**
 * A gateway reference was posted again with a different account or amount: refused, never merged.
 */
public class PaymentConflictException extends RuntimeException {
  public PaymentConflictException(String message) {
    super(message);
  }
}
