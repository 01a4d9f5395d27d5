package org.urja.protocol.security;

import java.util.HexFormat;

/**
 * System titles (8 bytes: 3-letter manufacturer FLAG id, then 5 bytes of the manufacturer's
 * choosing) as operators read them: upper-case hex. A title is an identifier, not a secret.
 */
public final class SystemTitles {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private SystemTitles() {}

  public static String format(byte[] systemTitle) {
    return HEX.formatHex(systemTitle);
  }

  public static byte[] parse(String hex) {
    byte[] t = HEX.parseHex(hex);
    if (t.length != SecuritySuite0.SYSTEM_TITLE_BYTES) {
      throw new IllegalArgumentException("a system title is 8 bytes (16 hex digits)");
    }
    return t;
  }
}
