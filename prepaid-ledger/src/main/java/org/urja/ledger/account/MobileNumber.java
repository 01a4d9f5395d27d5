package org.urja.ledger.account;

import java.util.Optional;

/**
 * A mobile number as consumers type it and utilities register it ("+91 98765 43210", "098765
 * 43210", "9876543210"), reduced to the national number that identifies it: its last ten digits.
 * Two spellings of one number are equal; that is how a number proven by OTP finds every connection
 * registered with it, in any utility.
 *
 * @param digits the national number, ten digits
 */
public record MobileNumber(String digits) {
  static final int NATIONAL_DIGITS = 10;

  public MobileNumber {
    if (digits == null || !digits.matches("\\d{" + NATIONAL_DIGITS + "}")) {
      throw new IllegalArgumentException("a mobile number has " + NATIONAL_DIGITS + " digits");
    }
  }

  /**
   * The number in {@code text}: ten digits, optionally after a country code or trunk prefix (+91,
   * 91, 0) and with spaces or dashes; empty when it is not a mobile number.
   */
  public static Optional<MobileNumber> parse(String text) {
    if (text == null || !text.trim().matches("\\+?[\\d\\s().-]{10,20}")) {
      return Optional.empty();
    }
    String d = text.replaceAll("\\D", "");
    if (d.length() == NATIONAL_DIGITS
        || (d.length() == 11 && d.startsWith("0"))
        || (d.length() == 12 && d.startsWith("91"))) {
      return Optional.of(new MobileNumber(d.substring(d.length() - NATIONAL_DIGITS)));
    }
    return Optional.empty();
  }

  /** All but the last four digits hidden, for "we sent a code to ******3210". */
  public String masked() {
    return "*".repeat(NATIONAL_DIGITS - 4) + digits.substring(NATIONAL_DIGITS - 4);
  }
}
