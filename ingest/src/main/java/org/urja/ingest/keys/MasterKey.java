package org.urja.ingest.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that meters' keys are stored under: AES-256-GCM seals each secret with a fresh random
 * 96-bit IV and the caller's associated data, and an HMAC-SHA256 key derived from it fingerprints
 * secrets for equality without storing them in the clear.
 *
 * <p>Invariant: the key's bytes never leave this object ({@link #toString()} says nothing), and no
 * message of an exception thrown here contains a secret.
 */
public final class MasterKey {
  private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
  public static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec sealing;
  private final SecretKeySpec fingerprinting;

  public MasterKey(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the master key must be " + KEY_BYTES + " bytes (AES-256), got " + key.length);
    }
    this.sealing = new SecretKeySpec(key.clone(), "AES");
    // a separate key for fingerprints, so an HMAC output never relates to the sealing key's use
    this.fingerprinting =
        new SecretKeySpec(
            hmac(
                new SecretKeySpec(key, "HmacSHA256"),
                "urja meter-key fingerprints".getBytes(StandardCharsets.UTF_8)),
            "HmacSHA256");
  }

  /** {@code keys.master}: 32 bytes in base64 (e.g. {@code openssl rand -base64 32}). */
  public static MasterKey ofBase64(String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "keys.master must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "keys.master must be 32 bytes in base64 (e.g. `openssl rand -base64 32`), "
              + "it decodes to "
              + key.length
              + " bytes");
    }
    MasterKey m = new MasterKey(key);
    Arrays.fill(key, (byte) 0);
    return m;
  }

  /**
   * This database's own master key, made by whichever node asks first ({@code
   * keys.master.generate}, for the demo and tests): it keeps keys out of views, exports and logs,
   * not out of a dump.
   */
  public static MasterKey generatedFor(DataSource dataSource) throws SQLException {
    byte[] fresh = new byte[KEY_BYTES];
    RANDOM.nextBytes(fresh);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO meter_key_master (id, key) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
        ps.setBytes(1, fresh);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
              c.prepareStatement("SELECT key FROM meter_key_master WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new MasterKey(rs.getBytes(1));
      }
    } finally {
      Arrays.fill(fresh, (byte) 0);
    }
  }

  /**
   * The master key as configured: {@code keys.master} when set; else, with {@code generate} ({@code
   * keys.master.generate}), this database's own, said in the log; else none, and meter keys can be
   * neither stored nor read.
   */
  public static Optional<MasterKey> configured(
      Optional<String> base64, boolean generate, DataSource dataSource) throws SQLException {
    if (base64.isPresent()) {
      return Optional.of(ofBase64(base64.get()));
    }
    if (generate) {
      log.warn(
          "meter keys are sealed under a master key generated for and kept in this database "
              + "(keys.master.generate): anyone with a copy of the database can open them; set keys.master in production");
      return Optional.of(generatedFor(dataSource));
    }
    return Optional.empty();
  }

  /** IV || ciphertext || tag, bound to {@code associatedData}. */
  byte[] seal(byte[] plain, byte[] associatedData) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      byte[] sealed = cipher(Cipher.ENCRYPT_MODE, iv, associatedData).doFinal(plain);
      return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * @throws SealBrokenException when {@code sealed} was not made by this key for this associated
   *     data (another master key, or a row moved to another meter, version or column)
   */
  byte[] open(byte[] sealed, byte[] associatedData) {
    if (sealed.length < IV_BYTES + TAG_BITS / 8) {
      throw new SealBrokenException();
    }
    try {
      return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, IV_BYTES), associatedData)
          .doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new SealBrokenException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  byte[] fingerprint(byte[] data) {
    return hmac(fingerprinting, data);
  }

  private Cipher cipher(int mode, byte[] iv, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, sealing, new GCMParameterSpec(TAG_BITS, iv));
    c.updateAAD(associatedData);
    return c;
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[hidden]";
  }

  /** A sealed secret that does not open with this key and associated data; says nothing more. */
  public static final class SealBrokenException extends RuntimeException {
    SealBrokenException() {
      super(
          "a stored meter key does not open with this master key (another keys.master, or a row moved)");
    }
  }
}
