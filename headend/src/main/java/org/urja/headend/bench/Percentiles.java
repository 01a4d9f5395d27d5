package org.urja.headend.bench;

import java.util.List;
import java.util.Locale;

/** Nearest-rank percentiles of a small sample, exact (no histogram buckets), in milliseconds. */
record Percentiles(int count, double p50, double p99, double max) {
  static Percentiles of(List<Double> samples) {
    double[] v = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Percentiles(v.length, rank(v, 0.50), rank(v, 0.99), v[v.length - 1]);
  }

  private static double rank(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "p50 %,.0f ms / p99 %,.0f ms / max %,.0f ms (n = %d)", p50, p99, max, count);
  }
}
