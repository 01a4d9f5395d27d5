package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * general-glo-ciphering (0xDB): system title, then SC ‖ IC ‖ ciphertext ‖ tag, each an OCTET
 * STRING. Meters use it for ciphered pushes, where no association tells the receiver whose keys
 * apply; the system title it claims only selects the keys to try, and is trusted once the tag
 * verifies under them.
 */
public record GeneralGloCiphering(byte[] systemTitle, byte[] securedContent) implements CosemPdu {
  public static final int TAG = 0xDB;

  public GeneralGloCiphering {
    systemTitle = systemTitle.clone();
    securedContent = securedContent.clone();
  }

  @Override
  public byte[] systemTitle() {
    return systemTitle.clone();
  }

  @Override
  public byte[] securedContent() {
    return securedContent.clone();
  }

  @Override
  public byte[] encode() {
    return new AxdrWriter(systemTitle.length + securedContent.length + 8)
        .u8(TAG)
        .length(systemTitle.length)
        .bytes(systemTitle)
        .length(securedContent.length)
        .bytes(securedContent)
        .toByteArray();
  }

  public static GeneralGloCiphering decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    int tag = r.u8("APDU tag");
    if (tag != TAG) {
      throw new AxdrException(
          "not a general-glo-ciphering APDU: tag 0x" + Integer.toHexString(tag));
    }
    byte[] title = r.bytes(r.length("system-title"), "system-title");
    byte[] content = r.bytes(r.length("ciphered-content"), "ciphered-content");
    Descriptors.expectEnd(r, "general-glo-ciphering APDU");
    return new GeneralGloCiphering(title, content);
  }
}
