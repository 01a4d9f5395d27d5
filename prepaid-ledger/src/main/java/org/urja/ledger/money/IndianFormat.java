package org.urja.ledger.money;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting the way Indian consumers read amounts and times: ₹1,23,456.78 and IST. */
public final class IndianFormat {

  public static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm 'IST'", Locale.ROOT).withZone(IST);

  private IndianFormat() {}

  public static String rupees(long paise) {
    // Long.MIN_VALUE cannot be negated; no real balance comes near it
    long abs = Math.abs(paise);
    String whole = Long.toString(abs / 100);
    String fraction = String.format(Locale.ROOT, "%02d", abs % 100);
    return (paise < 0 ? "-₹" : "₹") + groupIndian(whole) + "." + fraction;
  }

  /** Last three digits, then groups of two: 12345678 → 1,23,45,678. */
  static String groupIndian(String digits) {
    if (digits.length() <= 3) {
      return digits;
    }
    String last3 = digits.substring(digits.length() - 3);
    String rest = digits.substring(0, digits.length() - 3);
    StringBuilder sb = new StringBuilder();
    int lead = rest.length() % 2;
    if (lead == 1) {
      sb.append(rest, 0, 1);
    }
    for (int i = lead; i < rest.length(); i += 2) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(rest, i, i + 2);
    }
    return sb.append(',').append(last3).toString();
  }

  public static String dateTime(Instant instant) {
    return DATE_TIME.format(instant);
  }
}
