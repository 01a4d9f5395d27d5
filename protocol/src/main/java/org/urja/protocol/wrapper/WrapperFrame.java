package org.urja.protocol.wrapper;

import java.util.Arrays;

/**
 * One IEC 62056-47 wrapper frame (the "DLMS over TCP/UDP" transport): version (always 1), source
 * wPort, destination wPort, then the APDU. The length field is implied by {@code apdu}.
 *
 * <p>wPorts: 0x01 is the public client, 0x10 the management client; 0x01 also addresses the meter's
 * management logical device on the server side.
 */
public record WrapperFrame(int sourceWPort, int destinationWPort, byte[] apdu) {
  public static final int VERSION = 0x0001;
  public static final int HEADER_LENGTH = 8;

  public WrapperFrame {
    if (sourceWPort < 0
        || sourceWPort > 0xFFFF
        || destinationWPort < 0
        || destinationWPort > 0xFFFF) {
      throw new IllegalArgumentException("wPort out of range");
    }
    apdu = apdu.clone();
  }

  @Override
  public byte[] apdu() {
    return apdu.clone();
  }

  /** The APDU without a defensive copy, for decoders on the hot path that never modify it. */
  public byte[] apduUnsafe() {
    return apdu;
  }

  /** A reply goes back the way the request came. */
  public WrapperFrame reply(byte[] replyApdu) {
    return new WrapperFrame(destinationWPort, sourceWPort, replyApdu);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrapperFrame w
        && w.sourceWPort == sourceWPort
        && w.destinationWPort == destinationWPort
        && Arrays.equals(w.apdu, apdu);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(apdu) * 31 + sourceWPort * 7 + destinationWPort;
  }

  @Override
  public String toString() {
    return "WrapperFrame[" + sourceWPort + "->" + destinationWPort + ", " + apdu.length + " bytes]";
  }
}
