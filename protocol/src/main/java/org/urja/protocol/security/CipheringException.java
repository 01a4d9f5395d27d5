package org.urja.protocol.security;

/**
 * A ciphered APDU that must not be trusted. The reason says which check failed, never a key or a
 * plaintext: callers count these by reason and show them to operators.
 */
public class CipheringException extends RuntimeException {
  /** Which check refused the APDU. */
  public enum Reason {
    /** The security header or lengths are not a suite-0 ciphered APDU. */
    MALFORMED,
    /** Authentication is off (security control byte without the A bit): nothing to verify. */
    NOT_AUTHENTICATED,
    /** The GCM tag does not verify: altered in transit, or made with another key. */
    BAD_TAG,
    /** No keys are known for the system title the APDU claims. */
    UNKNOWN_SYSTEM_TITLE,
    /** The frame counter is not above the last one accepted from that meter. */
    REPLAY,
    /** The keys needed (EK, AK) are not configured for this meter. */
    NO_KEY
  }

  private final Reason reason;

  public CipheringException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
