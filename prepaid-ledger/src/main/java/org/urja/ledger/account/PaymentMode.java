package org.urja.ledger.account;

/** Only PREPAID accounts are deducted, alerted and automatically disconnected. */
public enum PaymentMode {
  PREPAID,
  POSTPAID;

  public String dbValue() {
    return name().toLowerCase();
  }

  public static PaymentMode fromDb(String value) {
    return valueOf(value.toUpperCase());
  }
}
