package org.urja.protocol.security;

import java.util.Optional;

/**
 * One meter's DLMS secrets, as a manufacturer ships them with a batch of meters: the low-level
 * security password (meter reader association), the high-level security secret, and the suite-0
 * global unicast encryption key (EK) and authentication key (AK), each 16 bytes for AES-GCM-128.
 * Values are secrets: never log them, never put them in an exception message or an API answer.
 */
public record MeterSecrets(
    Optional<byte[]> llsPassword,
    Optional<byte[]> hlsSecret,
    Optional<byte[]> encryptionKey,
    Optional<byte[]> authenticationKey) {

  public static final int AES_128_KEY_BYTES = 16;

  public MeterSecrets {
    encryptionKey.ifPresent(k -> requireKeyLength("encryption key", k));
    authenticationKey.ifPresent(k -> requireKeyLength("authentication key", k));
  }

  public static MeterSecrets none() {
    return new MeterSecrets(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static void requireKeyLength(String what, byte[] key) {
    if (key.length != AES_128_KEY_BYTES) {
      throw new IllegalArgumentException(
          what + " must be " + AES_128_KEY_BYTES + " bytes, was " + key.length);
    }
  }

  /** Never the secrets themselves: which of them are present. */
  @Override
  public String toString() {
    return "MeterSecrets[lls="
        + llsPassword.isPresent()
        + ", hls="
        + hlsSecret.isPresent()
        + ", ek="
        + encryptionKey.isPresent()
        + ", ak="
        + authenticationKey.isPresent()
        + "]";
  }
}
