package org.urja.ingest.push;

/**
 * A push refused because it cannot be trusted: its ciphering did not verify, it was replayed, its
 * sender is unknown, it claims another meter than its keys, or it came in the clear from a meter
 * that must cipher. {@link #reason()} is the metric tag; the message never holds a key or
 * plaintext.
 */
public final class PushRefusedException extends RuntimeException {
  public static final String REPLAY = "replay";
  public static final String UNKNOWN_SYSTEM_TITLE = "unknown_system_title";
  public static final String AUTH_FAILED = "auth_failed";
  public static final String SERIAL_MISMATCH = "serial_mismatch";
  public static final String PLAIN_REFUSED = "plain_refused";

  private final String reason;

  public PushRefusedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
