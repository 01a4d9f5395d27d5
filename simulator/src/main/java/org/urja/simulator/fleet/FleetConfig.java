package org.urja.simulator.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * How to run a simulated fleet. {@code intervals} bounds the run (0 = until stopped); with a fixed
 * {@code start} and {@code seed} a run is reproducible reading for reading.
 *
 * @param meters number of meters
 * @param firstIndex index of the first meter, so several fleets can use disjoint serials
 * @param serialPrefix serials are prefix + eight-digit index
 * @param seed fleet seed; each meter's household curve derives from it
 * @param start meter time at interval 0
 * @param capturePeriod meter time between pushes (block load period, 15 min)
 * @param realPeriod wall time between pushes (time acceleration)
 * @param intervals pushes per meter before stopping; 0 runs until closed
 * @param controlMode disconnect control_mode of every meter (IEC 62056-6-2, 0..6)
 * @param connectsPerSecond TCP connection ramp, as a feeder of meters does not all dial in one
 *     instant
 */
public record FleetConfig(
    int meters,
    int firstIndex,
    String serialPrefix,
    long seed,
    Instant start,
    Duration capturePeriod,
    Duration realPeriod,
    long intervals,
    int controlMode,
    int connectsPerSecond) {

  public FleetConfig {
    if (meters < 0) {
      throw new IllegalArgumentException("meters must be ≥ 0");
    }
    if (connectsPerSecond <= 0) {
      throw new IllegalArgumentException("connectsPerSecond must be positive");
    }
  }

  public static FleetConfig defaults(int meters, Instant start) {
    return new FleetConfig(
        meters, 0, "SIM", 42L, start, Duration.ofMinutes(15), Duration.ofSeconds(1), 0, 4, 2_000);
  }

  public String serial(int i) {
    return serialPrefix + String.format("%08d", firstIndex + i);
  }

  public FleetConfig withIntervals(long n) {
    return new FleetConfig(
        meters,
        firstIndex,
        serialPrefix,
        seed,
        start,
        capturePeriod,
        realPeriod,
        n,
        controlMode,
        connectsPerSecond);
  }

  public FleetConfig withPrefix(String prefix, int first) {
    return new FleetConfig(
        meters,
        first,
        prefix,
        seed,
        start,
        capturePeriod,
        realPeriod,
        intervals,
        controlMode,
        connectsPerSecond);
  }

  public FleetConfig withRealPeriod(Duration d) {
    return new FleetConfig(
        meters,
        firstIndex,
        serialPrefix,
        seed,
        start,
        capturePeriod,
        d,
        intervals,
        controlMode,
        connectsPerSecond);
  }

  /** Every meter's serial, in order. */
  public java.util.List<String> serials() {
    return java.util.stream.IntStream.range(0, meters()).mapToObj(this::serial).toList();
  }
}
