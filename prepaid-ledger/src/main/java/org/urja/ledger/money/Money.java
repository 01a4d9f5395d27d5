package org.urja.ledger.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of Indian rupees held as whole paise. Arithmetic is exact and refuses to overflow (an
 * {@link ArithmeticException}, never a balance that wraps to the other sign); the only rounding
 * happens in {@link #ofPaise(BigDecimal)}, HALF_UP to the paisa, which is where each charge line is
 * settled.
 */
public record Money(long paise) implements Comparable<Money> {

  public static final Money ZERO = new Money(0);

  public static Money ofPaise(long paise) {
    return new Money(paise);
  }

  /**
   * Rounds a fractional paise amount HALF_UP (0.5 paisa and above goes up, symmetric for
   * negatives).
   */
  public static Money ofPaise(BigDecimal paise) {
    return new Money(paise.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  public static Money ofRupees(String rupees) {
    return new Money(
        new BigDecimal(rupees)
            .movePointRight(2)
            .setScale(0, RoundingMode.UNNECESSARY)
            .longValueExact());
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(paise, other.paise));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(paise, other.paise));
  }

  public Money negate() {
    return new Money(Math.negateExact(paise));
  }

  /**
   * This amount {@code n} times (a count of days, units, entries); overflow throws, never wraps.
   */
  public Money times(long n) {
    return new Money(Math.multiplyExact(paise, n));
  }

  public boolean isNegative() {
    return paise < 0;
  }

  public boolean isZero() {
    return paise == 0;
  }

  public boolean isPositive() {
    return paise > 0;
  }

  public boolean isLessThan(Money other) {
    return paise < other.paise;
  }

  public static Money max(Money a, Money b) {
    return a.paise >= b.paise ? a : b;
  }

  public static Money min(Money a, Money b) {
    return a.paise <= b.paise ? a : b;
  }

  public BigDecimal rupees() {
    return BigDecimal.valueOf(paise, 2);
  }

  /**
   * Indian grouping: ₹1,23,456.78 (lakh and crore separators), with a leading minus when negative.
   */
  public String format() {
    return IndianFormat.rupees(paise);
  }

  @Override
  public int compareTo(Money o) {
    return Long.compare(paise, o.paise);
  }

  @Override
  public String toString() {
    return format();
  }
}
