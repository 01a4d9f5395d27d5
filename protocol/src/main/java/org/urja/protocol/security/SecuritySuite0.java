package org.urja.protocol.security;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DLMS security suite 0 (AES-GCM-128, 96-bit tags) as the Green Book defines it, on the JDK's
 * {@code AES/GCM/NoPadding}: the nonce is system title (8 bytes) ‖ invocation counter (4 bytes),
 * the additional authenticated data starts with the security control byte and the authentication
 * key. Secured content is SC ‖ IC ‖ ciphertext ‖ tag, as it travels in every glo- APDU.
 *
 * <p>Invariant: a (system title, invocation counter) pair must never be used twice with one
 * encryption key; this class cannot know, so callers take the counter from an {@link
 * InvocationCounter}. Nothing here logs or puts key material into a message.
 */
public final class SecuritySuite0 {
  /** Security control byte: authenticated only (suite 0). */
  public static final int SC_AUTHENTICATED = 0x10;

  /** Security control byte: encrypted only (suite 0); carries no tag, so never trusted here. */
  public static final int SC_ENCRYPTED = 0x20;

  /** Security control byte: authenticated and encrypted (suite 0). */
  public static final int SC_AUTHENTICATED_ENCRYPTED = 0x30;

  public static final int SYSTEM_TITLE_BYTES = 8;
  public static final int TAG_BYTES = 12;

  /** SC ‖ IC: the security header in front of every ciphertext. */
  public static final int HEADER_BYTES = 5;

  private static final int AUTHENTICATION_BIT = 0x10;
  private static final int ENCRYPTION_BIT = 0x20;
  private static final int SUITE_MASK = 0x0F;
  private static final int UNSUPPORTED_BITS = 0xC0; // broadcast key, compression

  private SecuritySuite0() {}

  /** What a verified secured content held. */
  public record Unprotected(int securityControl, long invocationCounter, byte[] plaintext) {}

  /**
   * SC ‖ IC ‖ E(plaintext) ‖ T for {@code securityControl} 0x30, or SC ‖ IC ‖ plaintext ‖ T for
   * 0x10.
   */
  public static byte[] protect(
      int securityControl,
      byte[] systemTitle,
      long invocationCounter,
      byte[] ek,
      byte[] ak,
      byte[] plaintext) {
    requireSupported(securityControl);
    requireAuthenticated(securityControl);
    Cipher c = gcm(Cipher.ENCRYPT_MODE, ek, systemTitle, invocationCounter);
    boolean encrypt = (securityControl & ENCRYPTION_BIT) != 0;
    c.updateAAD(new byte[] {(byte) securityControl});
    c.updateAAD(ak);
    byte[] body;
    try {
      if (encrypt) {
        body = c.doFinal(plaintext);
      } else {
        c.updateAAD(plaintext);
        byte[] tag = c.doFinal();
        body = ByteBuffer.allocate(plaintext.length + tag.length).put(plaintext).put(tag).array();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM refused to encrypt", e);
    }
    return ByteBuffer.allocate(HEADER_BYTES + body.length)
        .put((byte) securityControl)
        .putInt((int) invocationCounter)
        .put(body)
        .array();
  }

  /**
   * Verifies and, if encrypted, decrypts SC ‖ IC ‖ C ‖ T. Only authenticated content is accepted:
   * nothing in it, the counter included, may be acted on before the tag verifies.
   *
   * @throws CipheringException MALFORMED, NOT_AUTHENTICATED or BAD_TAG
   */
  public static Unprotected unprotect(
      byte[] securedContent, byte[] systemTitle, byte[] ek, byte[] ak) {
    if (securedContent.length < HEADER_BYTES + TAG_BYTES) {
      throw new CipheringException(
          CipheringException.Reason.MALFORMED,
          "secured content of " + securedContent.length + " bytes is shorter than header and tag");
    }
    int sc = securedContent[0] & 0xFF;
    if ((sc & SUITE_MASK) != 0 || (sc & UNSUPPORTED_BITS) != 0) {
      throw new CipheringException(
          CipheringException.Reason.MALFORMED,
          String.format(
              "security control byte %02X is not suite 0 without compression or broadcast key",
              sc));
    }
    if ((sc & AUTHENTICATION_BIT) == 0) {
      throw new CipheringException(
          CipheringException.Reason.NOT_AUTHENTICATED,
          String.format("security control byte %02X: the APDU is not authenticated", sc));
    }
    long ic = ByteBuffer.wrap(securedContent, 1, 4).getInt() & 0xFFFFFFFFL;
    Cipher c = gcm(Cipher.DECRYPT_MODE, ek, systemTitle, ic);
    c.updateAAD(new byte[] {(byte) sc});
    c.updateAAD(ak);
    int bodyLength = securedContent.length - HEADER_BYTES;
    try {
      if ((sc & ENCRYPTION_BIT) != 0) {
        byte[] plain = c.doFinal(securedContent, HEADER_BYTES, bodyLength);
        return new Unprotected(sc, ic, plain);
      }
      int plainLength = bodyLength - TAG_BYTES;
      c.updateAAD(securedContent, HEADER_BYTES, plainLength);
      c.doFinal(securedContent, HEADER_BYTES + plainLength, TAG_BYTES);
      byte[] plain = new byte[plainLength];
      System.arraycopy(securedContent, HEADER_BYTES, plain, 0, plainLength);
      return new Unprotected(sc, ic, plain);
    } catch (AEADBadTagException e) {
      throw new CipheringException(
          CipheringException.Reason.BAD_TAG, "the authentication tag does not verify");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM refused to decrypt", e);
    }
  }

  /**
   * HLS mechanism 5 (GMAC): f(challenge) = SC ‖ IC ‖ GMAC(SC ‖ AK ‖ challenge), SC = 0x10, made by
   * the side whose {@code systemTitle} and {@code invocationCounter} are given.
   */
  public static byte[] challengeResponse(
      byte[] systemTitle, long invocationCounter, byte[] ek, byte[] ak, byte[] challenge) {
    Cipher c = gcm(Cipher.ENCRYPT_MODE, ek, systemTitle, invocationCounter);
    c.updateAAD(new byte[] {(byte) SC_AUTHENTICATED});
    c.updateAAD(ak);
    c.updateAAD(challenge);
    byte[] tag;
    try {
      tag = c.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM refused to authenticate", e);
    }
    return ByteBuffer.allocate(HEADER_BYTES + TAG_BYTES)
        .put((byte) SC_AUTHENTICATED)
        .putInt((int) invocationCounter)
        .put(tag)
        .array();
  }

  /**
   * Checks the other side's f(challenge): made with its system title, over the challenge this side
   * sent. Returns the invocation counter it carried, for the replay check.
   *
   * @throws CipheringException MALFORMED or BAD_TAG
   */
  public static long verifyChallengeResponse(
      byte[] response, byte[] systemTitle, byte[] ek, byte[] ak, byte[] challenge) {
    if (response.length != HEADER_BYTES + TAG_BYTES || (response[0] & 0xFF) != SC_AUTHENTICATED) {
      throw new CipheringException(
          CipheringException.Reason.MALFORMED, "f(challenge) is not SC 10 ‖ IC ‖ 12-byte tag");
    }
    long ic = ByteBuffer.wrap(response, 1, 4).getInt() & 0xFFFFFFFFL;
    byte[] expected = challengeResponse(systemTitle, ic, ek, ak, challenge);
    if (!java.security.MessageDigest.isEqual(expected, response)) {
      throw new CipheringException(
          CipheringException.Reason.BAD_TAG, "the meter's answer to the challenge does not verify");
    }
    return ic;
  }

  private static void requireSupported(int sc) {
    if ((sc & SUITE_MASK) != 0 || (sc & UNSUPPORTED_BITS) != 0) {
      throw new IllegalArgumentException(String.format("security control %02X is not suite 0", sc));
    }
  }

  private static void requireAuthenticated(int sc) {
    if ((sc & AUTHENTICATION_BIT) == 0) {
      throw new IllegalArgumentException("this head-end sends only authenticated APDUs");
    }
  }

  private static Cipher gcm(int mode, byte[] ek, byte[] systemTitle, long invocationCounter) {
    if (systemTitle.length != SYSTEM_TITLE_BYTES) {
      throw new CipheringException(
          CipheringException.Reason.MALFORMED,
          "system title must be " + SYSTEM_TITLE_BYTES + " bytes, was " + systemTitle.length);
    }
    if (invocationCounter < 0 || invocationCounter > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("invocation counter is 32 bits");
    }
    byte[] iv =
        ByteBuffer.allocate(SYSTEM_TITLE_BYTES + 4)
            .put(systemTitle)
            .putInt((int) invocationCounter)
            .array();
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(ek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
    }
  }
}
