package org.urja.ledger.journal;

/** Why a balance changed. Debits are stored as negative amounts, credits as positive. */
public enum EntryKind {
  DEDUCTION,
  FIXED_CHARGE,
  RECHARGE,
  ADJUSTMENT,
  REVERSAL,
  EMERGENCY_CREDIT,
  /** The share of a recharge paid towards arrears carried over from postpaid. */
  ARREARS_RECOVERY,
  /** A postpaid bill's charges for its period (org.urja.ledger.billing). */
  BILL,
  /** The surcharge on a postpaid bill left unpaid after its due date, added with the next bill. */
  LATE_PAYMENT_CHARGE;

  public String dbValue() {
    return name().toLowerCase();
  }

  public static EntryKind fromDb(String value) {
    return valueOf(value.toUpperCase());
  }
}
