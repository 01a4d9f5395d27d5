package org.urja.ledger.relay;

import java.time.Duration;

/**
 * Retry and timing rules of the relay command outbox.
 *
 * @param disconnectMaxAttempts attempts before a disconnect fails for good (5)
 * @param reconnectMaxAttempts attempts before a reconnect fails for good (500: a recharged
 *     consumer's reconnection is retried until confirmed, for days if the meter's link is poor)
 * @param initialBackoff wait after the first failure, doubled each time (1 min)
 * @param maxBackoff the longest wait between attempts (15 min)
 * @param claimLease how long a claimed command is hidden from other dispatchers before markSent (2
 *     min)
 * @param confirmTimeout how long a sent command waits for markConfirmed before it is due again (5
 *     min)
 * @param disconnectExpiry a disconnect not done within this is expired; the policy job decides anew
 *     (24 h)
 */
public record RelaySettings(
    int disconnectMaxAttempts,
    int reconnectMaxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration claimLease,
    Duration confirmTimeout,
    Duration disconnectExpiry) {

  public static RelaySettings defaults() {
    return new RelaySettings(
        5,
        500,
        Duration.ofMinutes(1),
        Duration.ofMinutes(15),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofHours(24));
  }

  Duration backoffAfter(int attempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
