package org.urja.simulator.meter;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time. Interval k ends at {@code start + k × capturePeriod} in meter time, and is pushed
 * {@code k × realPeriod} after the fleet starts, so a 15-minute capture period can pass every
 * second (time acceleration) while the stored timestamps stay on the 15-minute grid.
 */
public record SimClock(Instant start, Duration capturePeriod, Duration realPeriod) {
  public SimClock {
    if (capturePeriod.isZero()
        || capturePeriod.isNegative()
        || realPeriod.isNegative()
        || realPeriod.isZero()) {
      throw new IllegalArgumentException("capture and real periods must be positive");
    }
  }

  /**
   * A start aligned down to the capture period, {@code backIntervals} periods before {@code now}.
   */
  public static Instant alignedStart(Instant now, Duration capturePeriod, int backIntervals) {
    long p = capturePeriod.toSeconds();
    long aligned = Math.floorDiv(now.getEpochSecond(), p) * p;
    return Instant.ofEpochSecond(aligned - backIntervals * p);
  }

  // Duration.multipliedBy goes through BigDecimal; at 10,000 pushes a second that was the
  // simulator's largest single cost, and the simulator shares the CPU with the head-end it drives.
  public Instant intervalEnd(long k) {
    return start
        .plusSeconds(Math.multiplyExact(capturePeriod.getSeconds(), k))
        .plusNanos(Math.multiplyExact((long) capturePeriod.getNano(), k));
  }

  public double hoursPerInterval() {
    return capturePeriod.toSeconds() / 3600.0;
  }
}
