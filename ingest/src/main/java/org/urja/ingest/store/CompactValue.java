package org.urja.ingest.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.urja.ingest.db.ReadingRows;

/**
 * A reading's value as {@code reading_rows} stores it: its decimal digits and how many of them are
 * decimals ({@code value = digits / 10^decimals}, exactly, with the sender's own number of
 * decimals), or, when the digits do not fit in a {@code bigint}, the whole value in {@code wide}.
 * The SQL functions {@code reading_digits}, {@code reading_decimals} and {@code reading_wide} do
 * the same on the server.
 */
public record CompactValue(long digits, short decimals, BigDecimal wide) {

  // BigDecimal's unscaled value fits a signed 64-bit integer below this bit length
  private static final int LONG_BITS = 63;

  // numeric holds at most this many digits before the decimal point
  private static final int NUMERIC_INTEGER_DIGITS = 131_072;

  public static CompactValue of(BigDecimal value) {
    BigDecimal v = value;
    if (v.scale() < 0) {
      // 5E+2 is stored as 500, as numeric does; an exponent too large for a bigint is not expanded
      // here
      if (v.precision() - v.scale() > 19) {
        return wide(value);
      }
      v = v.setScale(0);
    }
    if (v.scale() > ReadingRows.MAX_DECIMALS || v.unscaledValue().bitLength() > LONG_BITS) {
      return wide(value);
    }
    return new CompactValue(v.unscaledValue().longValue(), (short) v.scale(), null);
  }

  // in the form numeric gives it back (1E+30 as 1000…0), so both sides of a comparison agree
  private static CompactValue wide(BigDecimal value) {
    boolean expandable =
        value.scale() < 0 && value.precision() - value.scale() <= NUMERIC_INTEGER_DIGITS;
    return new CompactValue(0, (short) 0, expandable ? value.setScale(0) : value);
  }

  /** The value back, as the view {@code readings} shows it. */
  public BigDecimal value() {
    return wide != null ? wide : BigDecimal.valueOf(digits, decimals);
  }

  /**
   * Whole seconds from capture to receipt ({@code received_after_s}), rounded down as the SQL
   * function {@code reading_received_after} does; the view adds them back to the capture time.
   */
  public static int receivedAfterSeconds(Instant receivedAt, Instant ts) {
    long s =
        Duration.between(ts, receivedAt).getSeconds(); // floor: the nanos part is never negative
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s));
  }
}
