package org.urja.simulator.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.security.SecuritySuite0;

/**
 * A simulated meter's secrets and system title, derived from the fleet seed and its serial, as a
 * manufacturer fixes them at the factory: the same seed gives the same keys on every run, so the
 * key file exported for a fleet opens it again tomorrow. Each secret is HMAC-SHA256(seed, serial
 * "/" purpose) cut to its size; the LLS password is 12 printable letters and digits, as makes print
 * it on the batch sheet. The system title is "URJ" (the simulator's manufacturer id) and five bytes
 * of SHA-256 of the serial: an identifier, the same for any seed.
 *
 * <p>These are test keys: anyone with the seed has them. A real batch's keys come from its maker.
 */
public final class SimulatedKeys {
  /** The simulator's three-letter manufacturer (FLAG) id. */
  public static final byte[] MANUFACTURER = "URJ".getBytes(StandardCharsets.US_ASCII);

  private static final String PASSWORD_LETTERS =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  private static final int PASSWORD_LENGTH = 12;

  private SimulatedKeys() {}

  /**
   * LLS password, HLS secret, EK and AK of the meter {@code serial} in the fleet of {@code seed}.
   */
  public static MeterSecrets secrets(long seed, String serial) {
    return new MeterSecrets(
        Optional.of(llsPassword(seed, serial).getBytes(StandardCharsets.US_ASCII)),
        Optional.of(derive(seed, serial, "hls")),
        Optional.of(derive(seed, serial, "ek")),
        Optional.of(derive(seed, serial, "ak")));
  }

  /** The meter reader's password, as text (its ASCII bytes are what the AARQ carries). */
  public static String llsPassword(long seed, String serial) {
    byte[] raw = derive(seed, serial, "lls");
    StringBuilder pw = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      pw.append(PASSWORD_LETTERS.charAt((raw[i] & 0xFF) % PASSWORD_LETTERS.length()));
    }
    return pw.toString();
  }

  /** The meter's system title: "URJ" then five bytes of the serial's SHA-256. */
  public static byte[] systemTitle(String serial) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(serial.getBytes(StandardCharsets.UTF_8));
      byte[] title = Arrays.copyOf(MANUFACTURER, SecuritySuite0.SYSTEM_TITLE_BYTES);
      System.arraycopy(digest, 0, title, MANUFACTURER.length, title.length - MANUFACTURER.length);
      return title;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] derive(long seed, String serial, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(ByteBuffer.allocate(Long.BYTES).putLong(seed).array(), "HmacSHA256"));
      byte[] out = mac.doFinal((serial + "/" + purpose).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(out, MeterSecrets.AES_128_KEY_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
