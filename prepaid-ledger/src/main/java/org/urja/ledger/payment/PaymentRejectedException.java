package org.urja.ledger.payment;

/**
 * A payment refused before anything was journalled, with a stable code and the field at fault, so
 * the API can answer the gateway precisely. Extends {@link IllegalArgumentException}: callers that
 * treat any bad argument as a refusal keep doing so.
 */
public final class PaymentRejectedException extends IllegalArgumentException {
  private final String code;
  private final String field;

  public PaymentRejectedException(String code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
