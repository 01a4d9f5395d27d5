package org.urja.ledger.charging;

/** Why a reading went to review instead of being charged ({@code ledger_anomalies.kind}). */
public enum AnomalyKind {
  /**
   * Lower than the last charged value: rollover, replaced meter or fault; never a silent credit.
   */
  REGISTER_BACKWARDS,
  /** No tariff version in force for the account on the reading's day. */
  NO_TARIFF;

  public String dbValue() {
    return name().toLowerCase();
  }
}
