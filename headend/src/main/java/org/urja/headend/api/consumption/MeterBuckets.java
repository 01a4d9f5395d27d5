package org.urja.headend.api.consumption;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.headend.api.Page;
import org.urja.ingest.store.RegisterIntervals;
import org.urja.ingest.store.RegisterReadings;

/**
 * One meter's readings per bucket of local time ({@code GET /api/meters/{serial}/readings
 * ?interval=}): every bucket overlapping the range, for each register, with its samples and, for a
 * cumulative energy register (OBIS D = 8), its consumption {@code delta}, the register at the
 * bucket's end less at its start (the last reading at or before each boundary). Buckets of one
 * register add up exactly to the register's difference over the whole range.
 */
public final class MeterBuckets {
  private final RegisterIntervals intervals;

  public MeterBuckets(RegisterIntervals intervals) {
    this.intervals = intervals;
  }

  /**
   * A page of buckets ordered by bucket start then register, fetched with one item more than the
   * page so {@link Page#of} knows whether another follows.
   */
  public List<Map<String, Object>> page(
      String serial,
      String obis,
      Instant from,
      Instant to,
      LocalBuckets size,
      ZoneId zone,
      Page page) {
    List<Instant> boundaries = size.boundaries(from, to, zone);
    List<String> registers =
        obis != null
            ? List.of(obis)
            : intervals.registers(serial, boundaries.get(0), boundaries.get(boundaries.size() - 1));
    int buckets = boundaries.size() - 1;
    long items = (long) buckets * registers.size();
    long first = page.offset();
    long last = Math.min(items, first + page.limit() + 1L); // exclusive
    if (first >= last) {
      return List.of();
    }
    int n = registers.size();
    int firstBucket = (int) (first / n);
    int lastBucket = (int) ((last - 1) / n);
    List<Instant> span = boundaries.subList(firstBucket, lastBucket + 2);
    List<List<RegisterIntervals.Interval>> byRegister = new ArrayList<>(n);
    for (String register : registers) {
      byRegister.add(intervals.over(serial, register, span));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (long item = first; item < last; item++) {
      int b = (int) (item / n) - firstBucket;
      int r = (int) (item % n);
      out.add(row(registers.get(r), byRegister.get(r).get(b)));
    }
    return out;
  }

  /** A cumulative energy register (OBIS group D = 8, "time integral 1"): its value only grows. */
  static boolean isCumulative(String obis) {
    String[] parts = obis.split("\\.");
    return parts.length == 6 && parts[3].equals("8");
  }

  private static Map<String, Object> row(String obis, RegisterIntervals.Interval i) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("obis", obis);
    o.put("bucket", i.start());
    o.put("bucketEnd", i.end());
    o.put("samples", i.samples());
    o.put("minValue", i.min());
    o.put("maxValue", i.max());
    o.put("unit", i.unit());
    if (isCumulative(obis)) {
      o.put("delta", i.difference().orElse(null));
      o.put("deltaFrom", reading(i.atStart()));
      o.put("deltaTo", reading(i.atEnd()));
    }
    return o;
  }

  private static Map<String, Object> reading(RegisterReadings.Value v) {
    if (v == null) {
      return null;
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("ts", v.ts());
    o.put("value", v.value());
    return o;
  }
}
