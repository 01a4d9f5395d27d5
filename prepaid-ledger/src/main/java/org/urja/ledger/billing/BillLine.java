package org.urja.ledger.billing;

import java.math.BigDecimal;

/**
 * One priced line of a bill. {@code kind} names it for the bill's reader (the PDF labels it in the
 * consumer's language); the figures that explain it travel with it.
 *
 * @param kind ENERGY (one telescopic slab), TIME_OF_DAY (the time-of-day adjustment to the energy
 *     charge), FIXED (sanctioned load × days), DUTY (electricity duty), LATE_PAYMENT (surcharge on
 *     an overdue bill)
 * @param fromKwh the slab's lower edge (ENERGY)
 * @param toKwh the slab's upper edge, null for the open slab (ENERGY)
 * @param quantity kWh (ENERGY), kW × days (FIXED), the base in paise (DUTY, LATE_PAYMENT)
 * @param rate paise per kWh (ENERGY), paise per kW per day (FIXED), percent (DUTY, LATE_PAYMENT)
 * @param reference the overdue bill (LATE_PAYMENT)
 */
public record BillLine(
    String kind,
    BigDecimal fromKwh,
    BigDecimal toKwh,
    BigDecimal quantity,
    BigDecimal rate,
    long amountPaise,
    String reference) {

  public static final String ENERGY = "ENERGY";
  public static final String TIME_OF_DAY = "TIME_OF_DAY";
  public static final String FIXED = "FIXED";
  public static final String DUTY = "DUTY";
  public static final String LATE_PAYMENT = "LATE_PAYMENT";
}
