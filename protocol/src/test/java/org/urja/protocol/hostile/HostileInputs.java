package org.urja.protocol.hostile;

import java.util.HexFormat;

/**
 * Inputs that once hurt a head-end, named so regression tests in every module (and the fuzz seed
 * corpora) use the same bytes.
 */
public final class HostileInputs {
  /**
   * The 18-byte wrapper frame of issue 7: a DataNotification whose body is a compact-array of
   * null-data with one content byte. The element type occupies no bytes, so a decoder looping
   * "while contents remain" never advanced and filled the heap.
   */
  public static final byte[] ZERO_WIDTH_COMPACT_ARRAY_FRAME =
      HexFormat.of().parseHex("000100010001000a0f000000010013000100");

  /** The same APDU without the wrapper header, as a gateway publishes it over MQTT (10 bytes). */
  public static final byte[] ZERO_WIDTH_COMPACT_ARRAY_APDU =
      HexFormat.of().parseHex("0f000000010013000100");

  private HostileInputs() {}
}
