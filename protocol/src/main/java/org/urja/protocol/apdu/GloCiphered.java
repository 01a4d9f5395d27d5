package org.urja.protocol.apdu;

import java.util.Map;
import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * A service-specific glo- ciphered APDU (global unicast key): tag, then the secured content SC ‖ IC
 * ‖ ciphertext ‖ tag as an OCTET STRING. Which plain APDU is inside follows from the tag alone, so
 * a receiver knows what to expect before it decrypts. Nothing in the content is trusted until
 * {@link org.urja.protocol.security.SecuritySuite0#unprotect} verifies it.
 */
public record GloCiphered(int tag, byte[] securedContent) implements CosemPdu {
  public static final int GLO_INITIATE_REQUEST = 0x21;
  public static final int GLO_INITIATE_RESPONSE = 0x28;
  public static final int GLO_CONFIRMED_SERVICE_ERROR = 0x2E;
  public static final int GLO_GET_REQUEST = 0xC8;
  public static final int GLO_SET_REQUEST = 0xC9;
  public static final int GLO_EVENT_NOTIFICATION = 0xCA;
  public static final int GLO_ACTION_REQUEST = 0xCB;
  public static final int GLO_GET_RESPONSE = 0xCC;
  public static final int GLO_SET_RESPONSE = 0xCD;
  public static final int GLO_ACTION_RESPONSE = 0xCF;

  /** Plain APDU tag → its glo- tag. */
  private static final Map<Integer, Integer> GLO_OF =
      Map.of(
          InitiateRequest.TAG,
          GLO_INITIATE_REQUEST,
          InitiateResponse.TAG,
          GLO_INITIATE_RESPONSE,
          ConfirmedServiceError.TAG,
          GLO_CONFIRMED_SERVICE_ERROR,
          GetRequestNormal.TAG,
          GLO_GET_REQUEST,
          SetRequestNormal.TAG,
          GLO_SET_REQUEST,
          0xC2,
          GLO_EVENT_NOTIFICATION,
          ActionRequestNormal.TAG,
          GLO_ACTION_REQUEST,
          GetResponseNormal.TAG,
          GLO_GET_RESPONSE,
          SetResponseNormal.TAG,
          GLO_SET_RESPONSE,
          ActionResponseNormal.TAG,
          GLO_ACTION_RESPONSE);

  public GloCiphered {
    if (!isGloTag(tag)) {
      throw new IllegalArgumentException("0x" + Integer.toHexString(tag) + " is not a glo- tag");
    }
    securedContent = securedContent.clone();
  }

  public static boolean isGloTag(int tag) {
    return GLO_OF.containsValue(tag);
  }

  /** The glo- tag that carries a plain APDU with {@code plainTag}, if it may be ciphered at all. */
  public static Optional<Integer> gloTagFor(int plainTag) {
    return Optional.ofNullable(GLO_OF.get(plainTag));
  }

  /** True when {@code plain} is the APDU {@code gloTag} announces (its first byte). */
  public static boolean carries(int gloTag, byte[] plain) {
    return plain.length > 0 && gloTagFor(plain[0] & 0xFF).filter(t -> t == gloTag).isPresent();
  }

  @Override
  public byte[] securedContent() {
    return securedContent.clone();
  }

  @Override
  public byte[] encode() {
    return new AxdrWriter(securedContent.length + 4)
        .u8(tag)
        .length(securedContent.length)
        .bytes(securedContent)
        .toByteArray();
  }

  public static GloCiphered decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    int tag = r.u8("glo- tag");
    if (!isGloTag(tag)) {
      throw new AxdrException("not a glo- ciphered APDU: tag 0x" + Integer.toHexString(tag));
    }
    byte[] content = r.bytes(r.length("secured content"), "secured content");
    Descriptors.expectEnd(r, "glo- ciphered APDU");
    return new GloCiphered(tag, content);
  }
}
