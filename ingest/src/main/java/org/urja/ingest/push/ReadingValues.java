package org.urja.ingest.push;

import java.math.BigDecimal;

/**
 * The size a reading's value may have, checked where a value is decoded (JSON or DLMS) and before
 * anything renders it: a BigDecimal is cheap to hold at any exponent ({@code 1e999999999} is two
 * ints) but {@code toPlainString} of it writes a billion digits, which once killed a writer thread.
 *
 * <p>Invariant of every value that passes: at most {@link #MAX_INTEGER_DIGITS} digits before the
 * point and {@link #MAX_FRACTION_DIGITS} after it (trailing zeros aside), so its plain form has at
 * most 38 characters and fits PostgreSQL {@code numeric} many times over.
 */
public final class ReadingValues {
  /**
   * The largest register on the DLMS wire is long64-unsigned, 20 digits; with a scaler of +3 (a kWh
   * register sent in Wh) that is 23. Real IS 15959 energy registers are 9 to 12 digits.
   */
  public static final int MAX_INTEGER_DIGITS = 24;

  /**
   * IS 15959 scalers go down to −3 (mWh, mA) and float registers print a few more places; 12
   * fractional digits are far beyond any meter's resolution.
   */
  public static final int MAX_FRACTION_DIGITS = 12;

  private ReadingValues() {}

  /**
   * {@code value} itself when within the bounds; a {@link PushDecodeException} naming {@code where}
   * otherwise.
   */
  public static BigDecimal bounded(BigDecimal value, String where) {
    // stripTrailingZeros works on the unscaled digits, never on the exponent, so it is cheap here
    BigDecimal v = value.stripTrailingZeros();
    long integerDigits = (long) v.precision() - v.scale();
    if (integerDigits > MAX_INTEGER_DIGITS) {
      throw new PushDecodeException(
          where
              + " has "
              + integerDigits
              + " digits before the point; a meter reading has at most "
              + MAX_INTEGER_DIGITS);
    }
    if (v.scale() > MAX_FRACTION_DIGITS) {
      throw new PushDecodeException(
          where
              + " has "
              + v.scale()
              + " digits after the point; a meter reading has at most "
              + MAX_FRACTION_DIGITS);
    }
    return value;
  }
}
