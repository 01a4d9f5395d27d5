package org.urja.headend.reads;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What head-end-initiated reads are configured with (parsed from the node's configuration in {@code
 * app}).
 *
 * @param dialMax dialled connections open at once ({@code reads.dial.max}); also how many meters a
 *     scheduled round reads at once
 * @param dialConnectTimeout a dial that does not connect in time fails
 * @param dialIdle a dialled connection silent this long is hung up
 * @param dialIoThreads Netty event loops shared by every dial-out (0: Netty's default, 2 × cores)
 * @param every how often the scheduled round runs; zero: never
 * @param backfillAfterConnect how long after a meter (re)connected here the node back-fills the
 *     intervals missing between its stored ones from its block load (pushes lost while the node was
 *     down or the connection dead); zero: never
 * @param lookback how far back gaps are looked for, and where a first log read starts
 * @param capturePeriod block load period assumed until the meter reported its own
 * @param zone civil time of days (completeness, daily profiles)
 */
public record ReadsSettings(
    int dialMax,
    Duration dialConnectTimeout,
    Duration dialIdle,
    int dialIoThreads,
    Duration every,
    Duration backfillAfterConnect,
    Duration lookback,
    Duration capturePeriod,
    ZoneId zone) {

  public ReadsSettings {
    Objects.requireNonNull(zone, "utility.zone");
    if (dialMax < 1) {
      throw new IllegalArgumentException("reads.dial.max must be at least 1, got " + dialMax);
    }
    if (dialIoThreads < 0) {
      throw new IllegalArgumentException(
          "reads.dial.io.threads must not be negative (0: Netty's default), got " + dialIoThreads);
    }
    if (dialConnectTimeout.compareTo(Duration.ZERO) <= 0
        || dialIdle.compareTo(Duration.ZERO) <= 0
        || lookback.compareTo(Duration.ZERO) <= 0
        || capturePeriod.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException(
          "reads.dial.connect.timeout, reads.dial.idle, reads.lookback and reads.capture.period must be positive");
    }
    if (backfillAfterConnect.isNegative()) {
      throw new IllegalArgumentException(
          "reads.backfill.after.connect must not be negative (PT0S: never), got "
              + backfillAfterConnect);
    }
    if (every.isNegative()) {
      throw new IllegalArgumentException(
          "reads.every must not be negative (PT0S: never), got " + every);
    }
  }
}
