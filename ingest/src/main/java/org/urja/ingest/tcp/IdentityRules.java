package org.urja.ingest.tcp;

import java.time.Duration;

/**
 * How a connection that claims the serial of a live session is dealt with.
 *
 * @param probeTimeout how long the incumbent connection has to answer a read of its serial; one
 *     that answers keeps the session and the newcomer is refused, one that does not is closed and
 *     the newcomer takes over (a meter re-dialling after a silent GPRS drop)
 * @param contestEvery at most one such contest per serial in this period; newcomers meanwhile are
 *     refused without asking the incumbent, so an impostor re-dialling in a loop neither flips the
 *     session nor floods the real meter with reads
 */
public record IdentityRules(Duration probeTimeout, Duration contestEvery) {
  public IdentityRules {
    if (probeTimeout.isNegative() || probeTimeout.isZero()) {
      throw new IllegalArgumentException("probe timeout must be positive: " + probeTimeout);
    }
    if (contestEvery.isNegative()) {
      throw new IllegalArgumentException("contest period must not be negative: " + contestEvery);
    }
  }

  public static IdentityRules defaults() {
    return new IdentityRules(Duration.ofSeconds(10), Duration.ofMinutes(1));
  }
}
