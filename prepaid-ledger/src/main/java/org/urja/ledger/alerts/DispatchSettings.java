package org.urja.ledger.alerts;

import java.time.Duration;

/**
 * How the notification dispatcher polls and retries.
 *
 * @param batchSize messages claimed per poll (100)
 * @param pollInterval pause between polls when the outbox is drained (1 s)
 * @param lease how long a claimed message is hidden from other dispatchers; after a crash it is
 *     delivered again once the lease passes (2 min)
 * @param maxAttempts attempts before a message is dead-lettered (8)
 * @param initialBackoff wait after the first failure, doubled after each further one (30 s)
 * @param maxBackoff the longest wait between attempts (1 h)
 */
public record DispatchSettings(
    int batchSize,
    Duration pollInterval,
    Duration lease,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff) {

  public static DispatchSettings defaults() {
    return new DispatchSettings(
        100,
        Duration.ofSeconds(1),
        Duration.ofMinutes(2),
        8,
        Duration.ofSeconds(30),
        Duration.ofHours(1));
  }

  /** The wait after the {@code attempt}-th failed attempt (1-based). */
  public Duration backoffAfter(int attempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
