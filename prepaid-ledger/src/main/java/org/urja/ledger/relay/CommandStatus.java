package org.urja.ledger.relay;

/**
 * Lifecycle of a relay command: CREATED → SENT → CONFIRMED | READY_FOR_RECONNECTION | FAILED, or
 * EXPIRED (not done in time), or SUPERSEDED (an opposite command replaced it while pending). A
 * retryable failure goes back to CREATED with a later next_attempt_at.
 */
public enum CommandStatus {
  CREATED,
  SENT,
  CONFIRMED,
  FAILED,
  EXPIRED,
  SUPERSEDED,
  READY_FOR_RECONNECTION;

  public boolean isPending() {
    return this == CREATED || this == SENT;
  }

  public String dbValue() {
    return name().toLowerCase();
  }

  public static CommandStatus fromDb(String value) {
    return valueOf(value.toUpperCase());
  }
}
