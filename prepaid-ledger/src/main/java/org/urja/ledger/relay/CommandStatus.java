package org.urja.ledger.relay;

/**
 * Lifecycle of a relay command: CREATED → SENT → CONFIRMED | READY_FOR_RECONNECTION | FAILED, or
 * EXPIRED (not done in time), or SUPERSEDED (an opposite command replaced it while pending). A
 * retryable failure goes back to CREATED with a later next_attempt_at.
 *
 * <p>NEEDS_OPERATOR: the meter refused the command for good (access denied, object undefined,
 * service not granted on the association); it is neither retried nor re-queued, and still counts as
 * the meter's pending command of its action until an operator retries it (back to CREATED) or
 * cancels it (CANCELLED), or an opposite command supersedes it.
 */
public enum CommandStatus {
  CREATED,
  SENT,
  CONFIRMED,
  FAILED,
  EXPIRED,
  SUPERSEDED,
  READY_FOR_RECONNECTION,
  NEEDS_OPERATOR,
  CANCELLED;

  /** Due for the dispatcher: created, or sent and waiting for its confirmation. */
  public boolean isPending() {
    return this == CREATED || this == SENT;
  }

  /** Occupies the meter's slot for its action: pending, or stopped for an operator. */
  public boolean isOpen() {
    return isPending() || this == NEEDS_OPERATOR;
  }

  public String dbValue() {
    return name().toLowerCase();
  }

  public static CommandStatus fromDb(String value) {
    return valueOf(value.toUpperCase());
  }
}
