package org.urja.protocol.apdu;

import java.util.HexFormat;

final class Hex {
  private Hex() {}

  static byte[] bytes(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  static String of(byte[] b) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b);
  }
}
