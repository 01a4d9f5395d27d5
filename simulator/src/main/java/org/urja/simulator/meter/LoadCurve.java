package org.urja.simulator.meter;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A household's demand through the day: a base load, a morning peak (06:00–09:00) and a larger
 * evening peak (18:00–23:00) in local time, scaled per household and with noise. Deterministic in
 * (household seed, time) so the same fleet seed replays the same readings.
 */
public final class LoadCurve {
  private final long seed;
  private final double scale;
  private final ZoneId zone;

  public LoadCurve(long seed, ZoneId zone) {
    this.seed = seed;
    this.zone = zone;
    // households differ: 0.5x to 2.5x of a typical 1.5 kW-peak home
    this.scale = 0.5 + 2.0 * unit(mix(seed, 0x5EEDL));
  }

  /** Average demand in watts over the interval that ends at {@code t}, always ≥ 0. */
  public long demandWatts(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double base = 150;
    double morning = 600 * bump(hour, 7.5, 1.2);
    double evening = 1200 * bump(hour, 20.5, 1.8);
    double noise = 0.75 + 0.5 * unit(mix(seed, t.getEpochSecond()));
    return Math.round((base + morning + evening) * scale * noise);
  }

  /** Energy in Wh consumed over an interval of {@code hours} ending at {@code t}. */
  public long energyWh(Instant t, double hours) {
    return Math.round(demandWatts(t) * hours);
  }

  private static double bump(double hour, double centre, double width) {
    double d = (hour - centre) / width;
    return Math.exp(-d * d);
  }

  private static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double unit(long x) {
    return (x >>> 11) * 0x1.0p-53;
  }
}
