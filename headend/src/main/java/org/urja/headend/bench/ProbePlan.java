package org.urja.headend.bench;

import java.time.Duration;

/**
 * The arithmetic that makes every relay round measure a disconnection and a reconnection: how far
 * back the probes' meter time starts, and how much each recharge tops up.
 *
 * <p>Meter time must stay behind the wall clock for the whole relay phase. The ledger dates a
 * balance's "negative since" by the deduction's reading, so with meter time in the future (a probe
 * pushed 15 meter minutes every 200 ms, 4,500 times faster than the wall clock) the grace period
 * ends in the future and no disconnection is due: in the session-5 quiet run rounds 2–5 went below
 * zero and were never disconnected, 80 switches "not seen".
 *
 * <p>A recharge pays what is owed plus a few seconds of the probe's own consumption, so its balance
 * runs out again well inside the round.
 */
record ProbePlan(
    Duration realPeriod, Duration capturePeriod, Duration runOutAfter, long minimumPaise) {

  /**
   * Each probe pushes every 200 ms (15 meter minutes) unless {@link #pushingEvery} says otherwise;
   * a recharge lasts ~10 s of its use.
   */
  static ProbePlan standard() {
    return new ProbePlan(
        Duration.ofMillis(200), Duration.ofMinutes(15), Duration.ofSeconds(10), 100);
  }

  /** The same plan with the probes pushing every {@code period}. */
  ProbePlan pushingEvery(Duration period) {
    return new ProbePlan(period, capturePeriod, runOutAfter, minimumPaise);
  }

  /**
   * Capture periods the probes' meter time starts before now: one per push the probes can make in
   * {@code rounds} rounds of at most two waits of {@code roundTimeout} each (disconnection,
   * reconnection), plus the balance settling and a minute of margin; so their readings are never
   * dated after the wall clock.
   */
  int backIntervals(int rounds, Duration roundTimeout) {
    Duration phase =
        roundTimeout
            .multipliedBy(2)
            .plus(RelayLatency.SETTLE_AT_MOST)
            .multipliedBy(Math.max(1, rounds))
            .plus(Duration.ofMinutes(1));
    return Math.toIntExact(ceilDiv(phase.toNanos(), realPeriod.toNanos()));
  }

  /**
   * The recharge that brings a probe {@code owedPaise} in debt to {@link #runOutAfter} of its
   * consumption, from what it used last time its relay was closed ({@code whUsed} over {@code
   * wallSeconds}); at least {@link #minimumPaise} above zero.
   */
  long rechargePaise(long owedPaise, long whUsed, double wallSeconds, long paisePerKwh) {
    if (owedPaise < 0) {
      throw new IllegalArgumentException("owed must not be negative: " + owedPaise);
    }
    double paisePerSecond =
        wallSeconds <= 0 ? 0 : whUsed * (double) paisePerKwh / 1000.0 / wallSeconds;
    long lasting = (long) Math.ceil(paisePerSecond * runOutAfter.toMillis() / 1000.0);
    return owedPaise + Math.max(minimumPaise, lasting);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
