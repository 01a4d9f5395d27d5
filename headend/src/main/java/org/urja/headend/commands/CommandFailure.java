package org.urja.headend.commands;

/**
 * How a failed command ended, for the decision that follows: retry it, stop it for an operator, or
 * fail it.
 *
 * @param reason what went wrong, in words an operator can act on
 */
public record CommandFailure(Kind kind, String reason) {
  public enum Kind {
    /**
     * The meter will give the same answer however often it is asked (access denied, object
     * undefined, service not supported or not granted on this association, authentication failed):
     * an operator must change something first.
     */
    PERMANENT,
    /**
     * The meter or the way to it may answer next time (timeout, temporary failure, connection lost,
     * not connected).
     */
    TRANSIENT,
    /** Neither: an answer the head-end could not use, or a fault of its own. Logged and failed. */
    UNEXPECTED
  }
}
