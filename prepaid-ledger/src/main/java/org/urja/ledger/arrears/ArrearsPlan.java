package org.urja.ledger.arrears;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Arrears a consumer brought into prepaid (the unpaid postpaid bill at conversion) and how they are
 * recovered: {@code recoveryPercent} of each recharge, at most {@code monthlyCapPaise} in a billing
 * month (null: no cap), until nothing is outstanding. The arrears never touch the prepaid balance
 * until a recharge pays part of them, so they cannot by themselves cause a disconnection.
 */
public record ArrearsPlan(
    String accountId, long outstandingPaise, BigDecimal recoveryPercent, Long monthlyCapPaise) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public ArrearsPlan {
    if (outstandingPaise < 0) {
      throw new IllegalArgumentException("outstandingPaise must not be negative");
    }
    if (recoveryPercent == null
        || recoveryPercent.signum() <= 0
        || recoveryPercent.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException("recoveryPercent must be more than 0 and at most 100");
    }
    if (recoveryPercent.scale() > 2) {
      throw new IllegalArgumentException("recoveryPercent has at most two decimals");
    }
    if (monthlyCapPaise != null && monthlyCapPaise <= 0) {
      throw new IllegalArgumentException("monthlyCapPaise must be positive when given");
    }
  }

  /**
   * What a recharge pays towards the arrears, before the cap and the outstanding amount: rounded
   * down to the paisa, so rounding always leaves the paisa with the consumer.
   */
  public long shareOf(long rechargePaise) {
    return BigDecimal.valueOf(rechargePaise)
        .multiply(recoveryPercent)
        .divide(HUNDRED, 0, RoundingMode.DOWN)
        .longValueExact();
  }

  /** The recovery from one recharge, given what was already recovered in its billing month. */
  public long recoveryFrom(long rechargePaise, long recoveredThisMonthPaise) {
    long take = Math.min(shareOf(rechargePaise), outstandingPaise);
    if (monthlyCapPaise != null) {
      take = Math.min(take, Math.max(0, monthlyCapPaise - recoveredThisMonthPaise));
    }
    return take;
  }
}
