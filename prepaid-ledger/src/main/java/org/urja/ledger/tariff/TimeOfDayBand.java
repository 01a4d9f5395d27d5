package org.urja.ledger.tariff;

import java.math.BigDecimal;
import java.time.LocalTime;

/**
 * A time-of-day multiplier in the utility's local time, from {@code from} (inclusive) to {@code to}
 * (exclusive); a band whose end is not after its start wraps past midnight (22:00–06:00).
 */
public record TimeOfDayBand(LocalTime from, LocalTime to, BigDecimal multiplier) {

  public boolean contains(LocalTime t) {
    if (from.isBefore(to)) {
      return !t.isBefore(from) && t.isBefore(to);
    }
    return !t.isBefore(from) || t.isBefore(to);
  }
}
