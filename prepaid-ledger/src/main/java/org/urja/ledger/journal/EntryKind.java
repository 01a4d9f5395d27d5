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
  ARREARS_RECOVERY;

  public String dbValue() {
    return name().toLowerCase();
  }

  public static EntryKind fromDb(String value) {
    return valueOf(value.toUpperCase());
  }
}
