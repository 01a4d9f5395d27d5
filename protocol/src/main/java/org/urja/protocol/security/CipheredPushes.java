package org.urja.protocol.security;

import java.util.Optional;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.apdu.GeneralGloCiphering;
import org.urja.protocol.axdr.AxdrException;

/**
 * Opens a ciphered push: a DataNotification inside general-glo-ciphering (0xDB), which is how
 * meters cipher pushes, as no association tells the head-end whose keys apply. In order: the
 * claimed system title selects a meter's keys, the GCM tag is verified under them, the frame
 * counter is checked for replay, and only then is the plaintext decoded. Until the tag verifies
 * nothing in the APDU is trusted: not the title, not the counter, not the content.
 *
 * <p>Bounded like every decoder: the APDU's size is already bounded by the wrapper frame, the
 * envelope is two length-prefixed slices of it, GCM output is never longer than its input, and the
 * DataNotification inside goes through the bounded {@link DataNotification#decode}.
 */
public final class CipheredPushes {
  /** The meter a system title belongs to and its secrets, as the key store holds them. */
  public record Sender(String meterSerial, MeterSecrets secrets) {}

  /** Finds the meter that owns a system title; empty when none is known. */
  @FunctionalInterface
  public interface SenderLookup {
    Optional<Sender> bySystemTitle(byte[] systemTitle);
  }

  /** A push whose tag verified and whose counter was new. */
  public record Opened(
      String meterSerial, byte[] systemTitle, long frameCounter, DataNotification notification) {}

  private final SenderLookup senders;
  private final FrameCounterGuard frameCounters;

  public CipheredPushes(SenderLookup senders, FrameCounterGuard frameCounters) {
    this.senders = senders;
    this.frameCounters = frameCounters;
  }

  /** True for the first byte of a ciphered push this class opens. */
  public static boolean isCiphered(byte[] apdu) {
    return apdu.length > 0 && (apdu[0] & 0xFF) == GeneralGloCiphering.TAG;
  }

  /**
   * @throws CipheringException MALFORMED, UNKNOWN_SYSTEM_TITLE, NO_KEY, NOT_AUTHENTICATED, BAD_TAG
   *     (altered, or made with another key: GCM cannot tell which) or REPLAY
   * @throws AxdrException when the envelope is not general-glo-ciphering or the verified plaintext
   *     is not a DataNotification
   */
  public Opened open(byte[] apdu) {
    GeneralGloCiphering envelope = GeneralGloCiphering.decode(apdu);
    byte[] title = envelope.systemTitle();
    if (title.length != SecuritySuite0.SYSTEM_TITLE_BYTES) {
      throw new CipheringException(
          CipheringException.Reason.MALFORMED,
          "system title of "
              + title.length
              + " bytes, expected "
              + SecuritySuite0.SYSTEM_TITLE_BYTES);
    }
    Sender sender =
        senders
            .bySystemTitle(title)
            .orElseThrow(
                () ->
                    new CipheringException(
                        CipheringException.Reason.UNKNOWN_SYSTEM_TITLE,
                        "no meter has system title " + SystemTitles.format(title)));
    MeterSecrets s = sender.secrets();
    if (s.encryptionKey().isEmpty() || s.authenticationKey().isEmpty()) {
      throw new CipheringException(
          CipheringException.Reason.NO_KEY,
          "meter " + sender.meterSerial() + " has no encryption and authentication key");
    }
    SecuritySuite0.Unprotected u =
        SecuritySuite0.unprotect(
            envelope.securedContent(), title, s.encryptionKey().get(), s.authenticationKey().get());
    if (!frameCounters.accept(sender.meterSerial(), title, u.invocationCounter())) {
      throw new CipheringException(
          CipheringException.Reason.REPLAY,
          "meter "
              + sender.meterSerial()
              + " frame counter "
              + u.invocationCounter()
              + " is not above the last accepted");
    }
    byte[] plain = u.plaintext();
    if (plain.length == 0 || (plain[0] & 0xFF) != DataNotification.TAG) {
      throw new AxdrException("the ciphered push does not hold a DataNotification");
    }
    return new Opened(
        sender.meterSerial(), title, u.invocationCounter(), DataNotification.decode(plain));
  }

  /** Ciphers a DataNotification as a meter does: for the simulator and for tests. */
  public static byte[] seal(
      DataNotification notification, byte[] systemTitle, long frameCounter, MeterSecrets secrets) {
    byte[] secured =
        SecuritySuite0.protect(
            SecuritySuite0.SC_AUTHENTICATED_ENCRYPTED,
            systemTitle,
            frameCounter,
            secrets.encryptionKey().orElseThrow(() -> new IllegalArgumentException("no EK")),
            secrets.authenticationKey().orElseThrow(() -> new IllegalArgumentException("no AK")),
            notification.encode());
    return new GeneralGloCiphering(systemTitle, secured).encode();
  }
}
