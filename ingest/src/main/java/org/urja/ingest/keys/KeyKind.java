package org.urja.ingest.keys;

import java.util.Optional;
import org.urja.protocol.security.MeterSecrets;

/** The four secrets a meter may have, with their names in key files, the API and the table. */
public enum KeyKind {
  LLS_PASSWORD("llsPassword", "lls_password", 1, 64),
  HLS_SECRET("hlsSecret", "hls_secret", 1, 64),
  ENCRYPTION_KEY(
      "encryptionKey",
      "encryption_key",
      MeterSecrets.AES_128_KEY_BYTES,
      MeterSecrets.AES_128_KEY_BYTES),
  AUTHENTICATION_KEY(
      "authenticationKey",
      "authentication_key",
      MeterSecrets.AES_128_KEY_BYTES,
      MeterSecrets.AES_128_KEY_BYTES);

  private final String wire;
  private final String column;
  private final int minBytes;
  private final int maxBytes;

  KeyKind(String wire, String column, int minBytes, int maxBytes) {
    this.wire = wire;
    this.column = column;
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
  }

  /** The name in JSON key files and API answers. */
  public String wire() {
    return wire;
  }

  /** The column of {@code meter_keys}, also accepted as a CSV header. */
  public String column() {
    return column;
  }

  public int minBytes() {
    return minBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  public Optional<byte[]> of(MeterSecrets s) {
    return switch (this) {
      case LLS_PASSWORD -> s.llsPassword();
      case HLS_SECRET -> s.hlsSecret();
      case ENCRYPTION_KEY -> s.encryptionKey();
      case AUTHENTICATION_KEY -> s.authenticationKey();
    };
  }

  /** Why {@code value} cannot be this kind of secret, in words that never include the value. */
  public Optional<String> problem(byte[] value) {
    if (value.length < minBytes || value.length > maxBytes) {
      return Optional.of(
          wire
              + " must be "
              + (minBytes == maxBytes
                  ? minBytes + " bytes (" + 2 * minBytes + " hex digits)"
                  : minBytes + "-" + maxBytes + " bytes")
              + ", got "
              + value.length
              + " bytes");
    }
    return Optional.empty();
  }
}
