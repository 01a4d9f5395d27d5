package org.urja.simulator.meter;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A profile that captures now and then rather than every interval — the daily load profile at each
 * midnight, the billing profile at each month's billing date, an event log at each event — as time
 * stamped rows of whole numbers, oldest first, the oldest dropped past {@code capacity} as a
 * meter's circular buffer drops them.
 */
public final class LoggedProfile {
  /**
   * One entry: capture time and its values in the order of the profile's non-clock capture objects.
   */
  public record Row(Instant time, long[] values) {}

  private final int capacity;
  private final Deque<Row> rows = new ArrayDeque<>();

  public LoggedProfile(int capacity) {
    this.capacity = capacity;
  }

  public void capture(Instant time, long... values) {
    if (rows.size() == capacity) {
      rows.removeFirst();
    }
    rows.addLast(new Row(time, values.clone()));
  }

  /** Rows with from ≤ time ≤ to, oldest first. */
  public List<Row> range(Instant from, Instant to) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (!r.time().isBefore(from) && !r.time().isAfter(to)) {
        out.add(r);
      }
    }
    return out;
  }

  public int size() {
    return rows.size();
  }

  public int capacity() {
    return capacity;
  }
}
