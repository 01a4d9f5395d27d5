package org.urja.ingest.deadletter;

import java.time.Instant;

/**
 * One piece of input given up on, as an operator sees it. {@code meterSerial} is what the input
 * claimed (null when it named none); {@code payload} is the input as received, possibly cut to
 * {@link DeadLetters#MAX_PAYLOAD_BYTES}.
 */
public record DeadLetter(
    long id,
    String source,
    String origin,
    String meterSerial,
    String reason,
    String detail,
    byte[] payload,
    int attempts,
    Instant createdAt,
    Instant resolvedAt,
    String resolution) {

  /** What a component hands over when it gives up on an input. */
  public record New(
      String source,
      String origin,
      String meterSerial,
      String reason,
      String detail,
      byte[] payload,
      int attempts) {}

  public boolean open() {
    return resolvedAt == null;
  }
}
