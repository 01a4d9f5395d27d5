package org.urja.simulator.meter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The block load profile buffer of a simulated meter, as primitive arrays in a ring so that ten
 * thousand meters keep two days of 15-minute rows each without millions of small objects.
 */
public final class BlockLoadProfile {
  /**
   * One captured row: capture time, average voltage (cV), average current (mA), Wh and VAh
   * registers.
   */
  public record Row(
      Instant time, long centiVolts, long milliAmps, long importWh, long apparentVAh) {}

  private final long[] time;
  private final long[] volts;
  private final long[] amps;
  private final long[] wh;
  private final long[] vah;
  private int next;
  private int size;

  public BlockLoadProfile(int capacity) {
    time = new long[capacity];
    volts = new long[capacity];
    amps = new long[capacity];
    wh = new long[capacity];
    vah = new long[capacity];
  }

  public void capture(Row r) {
    time[next] = r.time().getEpochSecond();
    volts[next] = r.centiVolts();
    amps[next] = r.milliAmps();
    wh[next] = r.importWh();
    vah[next] = r.apparentVAh();
    next = (next + 1) % time.length;
    size = Math.min(size + 1, time.length);
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return time.length;
  }

  /** Rows with from ≤ time ≤ to, oldest first (selective access by range is inclusive). */
  public List<Row> range(Instant from, Instant to) {
    List<Row> out = new ArrayList<>();
    int oldest = (next - size + time.length) % time.length;
    for (int i = 0; i < size; i++) {
      int j = (oldest + i) % time.length;
      long t = time[j];
      if (t >= from.getEpochSecond() && t <= to.getEpochSecond()) {
        out.add(new Row(Instant.ofEpochSecond(t), volts[j], amps[j], wh[j], vah[j]));
      }
    }
    return out;
  }

  public List<Row> all() {
    return range(Instant.MIN, Instant.MAX);
  }
}
