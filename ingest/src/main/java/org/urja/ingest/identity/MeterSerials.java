package org.urja.ingest.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for what a meter serial may be, applied wherever a serial enters the head-end: the
 * operations API, the TCP push path and the meter directory (which covers MQTT topic serials). A
 * serial becomes a row key, a topic segment, a log field and a file-like name in exports, so it is
 * 1–32 characters of {@code [A-Za-z0-9._-]} and never {@code .} or {@code ..}. DLMS meters' logical
 * device serials (0.0.96.1.0.255) are well inside this.
 */
public final class MeterSerials {
  public static final int MAX_LENGTH = 32;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  private MeterSerials() {}

  public static boolean isValid(String serial) {
    return problem(serial).isEmpty();
  }

  /**
   * Why {@code serial} is refused, in words fit for an operator or a log line; empty when valid.
   */
  public static Optional<String> problem(String serial) {
    if (serial == null || serial.isEmpty()) {
      return Optional.of("serial is empty");
    }
    if (serial.length() > MAX_LENGTH) {
      return Optional.of(
          "serial is " + serial.length() + " characters, at most " + MAX_LENGTH + " allowed");
    }
    if (!ALLOWED.matcher(serial).matches()) {
      return Optional.of("serial must be 1-" + MAX_LENGTH + " letters, digits, '.', '_' or '-'");
    }
    if (serial.equals(".") || serial.equals("..")) {
      return Optional.of("serial may not be '.' or '..'");
    }
    return Optional.empty();
  }

  /** A serial safe to print in a log line or an error: refused serials can be long or odd. */
  public static String printable(String serial) {
    if (serial == null) {
      return "(none)";
    }
    String cut = serial.length() > MAX_LENGTH ? serial.substring(0, MAX_LENGTH) + "…" : serial;
    return cut.replaceAll("[^\\x20-\\x7E…]", "?");
  }
}
