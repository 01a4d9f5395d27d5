package org.urja.ledger.tariff;

import java.math.BigDecimal;

/** The prepaid rebate: a percentage of the energy charge, or paise per kWh consumed. */
public record Rebate(Kind kind, BigDecimal value) {

  public enum Kind {
    PERCENT,
    PAISE_PER_KWH
  }

  public static Rebate none() {
    return new Rebate(Kind.PERCENT, BigDecimal.ZERO);
  }
}
