package org.urja.headend.bench.storage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.urja.ingest.store.ResolvedReading;

/**
 * A fleet's readings as a 15-minute push delivers them: per meter and interval seven registers at
 * the resolutions single-phase meters send (IS 15959 block load): import and apparent energy as
 * whole Wh/VAh counters that grow with the load, export energy (zero on most meters), voltage in
 * 0.01 V, current in mA, power in W and frequency in 0.01 Hz, each following its own slow random
 * walk around a daily load curve. Receipt is 0.3–4 s after the capture time, per push. Seeded: the
 * same arguments give the same rows, so layouts are compared on the same data.
 */
final class FleetWeek {
  static final String[] OBIS = {
    "1.0.1.8.0.255",
    "1.0.9.8.0.255",
    "1.0.2.8.0.255",
    "1.0.32.7.0.255",
    "1.0.31.7.0.255",
    "1.0.1.7.0.255",
    "1.0.14.7.0.255"
  };
  static final String[] UNITS = {"Wh", "VAh", "Wh", "V", "A", "W", "Hz"};
  static final Duration INTERVAL = Duration.ofMinutes(15);

  private final int meters;
  private final Instant start;
  private final long[] importWh;
  private final long[] apparentVAh;
  private final long[] centiVolts;
  private final int[] baseWatts;
  private final SplittableRandom random = new SplittableRandom(11);

  FleetWeek(int meters, Instant start) {
    this.meters = meters;
    this.start = start;
    importWh = new long[meters];
    apparentVAh = new long[meters];
    centiVolts = new long[meters];
    baseWatts = new int[meters];
    for (int m = 0; m < meters; m++) {
      importWh[m] = 1_000_000L + random.nextLong(9_000_000L);
      apparentVAh[m] = importWh[m] + random.nextLong(500_000L);
      centiVolts[m] = 22_500 + random.nextInt(1_000);
      baseWatts[m] = 100 + random.nextInt(1_400);
    }
  }

  /** Capture time of interval {@code slot}. */
  Instant ts(int slot) {
    return start.plus(INTERVAL.multipliedBy(slot));
  }

  /** Every meter's seven readings of one interval; meter ids are 1..meters. */
  List<ResolvedReading> interval(int slot) {
    Instant ts = ts(slot);
    double hour = (slot % 96) / 4.0;
    // night trough, morning bump, evening peak
    double curve =
        0.35
            + 0.4 * Math.exp(-Math.pow(hour - 8, 2) / 4)
            + 0.9 * Math.exp(-Math.pow(hour - 20, 2) / 6);
    List<ResolvedReading> rows = new ArrayList<>(meters * OBIS.length);
    for (int m = 0; m < meters; m++) {
      long watts =
          Math.max(0, Math.round(baseWatts[m] * curve * (0.7 + 0.6 * random.nextDouble())));
      centiVolts[m] = Math.max(20_000, Math.min(25_000, centiVolts[m] + random.nextInt(-60, 61)));
      long milliAmps = Math.round(watts * 100_000.0 / centiVolts[m]);
      importWh[m] += watts / 4;
      apparentVAh[m] += Math.round(watts / 4.0 / (0.85 + 0.15 * random.nextDouble()));
      long centiHertz = 4_990 + random.nextInt(21);
      BigDecimal[] values = {
        BigDecimal.valueOf(importWh[m]),
        BigDecimal.valueOf(apparentVAh[m]),
        BigDecimal.ZERO,
        BigDecimal.valueOf(centiVolts[m], 2),
        BigDecimal.valueOf(milliAmps, 3),
        BigDecimal.valueOf(watts),
        BigDecimal.valueOf(centiHertz, 2)
      };
      for (int o = 0; o < OBIS.length; o++) {
        rows.add(new ResolvedReading(m + 1, OBIS[o], ts, values[o], UNITS[o], null));
      }
    }
    return rows;
  }

  /** When a push was received: 0.3–4 s after capture, the same for the push's seven readings. */
  static Instant receivedAt(ResolvedReading r) {
    long h = r.meterId() * 0x9E3779B97F4A7C15L ^ r.ts().getEpochSecond() * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    return r.ts().plusNanos(300_000_000L + Math.floorMod(h, 3_700_000L) * 1_000L);
  }
}
