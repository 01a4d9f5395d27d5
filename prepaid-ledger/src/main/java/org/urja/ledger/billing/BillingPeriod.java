package org.urja.ledger.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * A calendar month in a utility's civil time: from local midnight of the 1st to local midnight of
 * the next 1st.
 */
public record BillingPeriod(YearMonth month, ZoneId zone) {

  public LocalDate firstDay() {
    return month.atDay(1);
  }

  /** The first local day after the period. */
  public LocalDate endDay() {
    return month.plusMonths(1).atDay(1);
  }

  public Instant start() {
    return firstDay().atStartOfDay(zone).toInstant();
  }

  public Instant end() {
    return endDay().atStartOfDay(zone).toInstant();
  }
}
