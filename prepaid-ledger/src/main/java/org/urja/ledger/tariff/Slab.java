package org.urja.ledger.tariff;

import java.math.BigDecimal;

/**
 * One step of a telescopic energy tariff: the kWh of the billing month up to {@code upToKwh}
 * (inclusive; null for the last, open-ended slab) are charged at {@code ratePaisePerKwh}.
 */
public record Slab(BigDecimal upToKwh, BigDecimal ratePaisePerKwh) {
  public Slab {
    if (ratePaisePerKwh == null || ratePaisePerKwh.signum() < 0) {
      throw new IllegalArgumentException("slab rate must be >= 0");
    }
  }
}
