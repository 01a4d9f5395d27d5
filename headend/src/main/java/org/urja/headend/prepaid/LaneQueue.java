package org.urja.headend.prepaid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.urja.ledger.charging.RegisterReading;

/**
 * One charging lane's backlog, in two queues: readings of meters whose account was left close to
 * running out of credit (below {@code priorityBelowPaise} by its last charge) go ahead of the rest.
 * Under a backlog of tens of thousands of readings, a meter about to go below zero would otherwise
 * wait behind all of them before its balance, and the disconnection decision taken from it, moved
 * (issue 11: relay latency must not depend on ingest load).
 *
 * <p>A meter's readings are never split across an urgent batch and a later normal one: taking an
 * urgent batch also takes the same meters' readings still in the normal queue, so the charger sees
 * them together and charges each in time order, each under its own key, as it would have anyway.
 */
final class LaneQueue {
  private final BlockingQueue<RegisterReading> normal;
  private final BlockingQueue<RegisterReading> urgent;
  private final Set<String> urgentMeters = ConcurrentHashMap.newKeySet();
  private final long priorityBelowPaise;

  /**
   * @param capacity readings the normal queue holds before {@link #put} waits (backpressure); the
   *     urgent queue holds a fifth of it
   * @param priorityBelowPaise a meter whose account's balance was left below this goes first
   */
  LaneQueue(int capacity, long priorityBelowPaise) {
    this.normal = new ArrayBlockingQueue<>(capacity);
    this.urgent = new ArrayBlockingQueue<>(Math.max(1, capacity / 5));
    this.priorityBelowPaise = priorityBelowPaise;
  }

  /** Queues a committed reading, waiting while its queue is full. */
  void put(RegisterReading r) throws InterruptedException {
    (urgentMeters.contains(r.meterSerial()) ? urgent : normal).put(r);
  }

  /**
   * The next batch: urgent readings first (with the same meters' normal ones), else up to {@code
   * max} normal ones; empty when nothing came within {@code wait}.
   */
  List<RegisterReading> next(int max, long wait, TimeUnit unit) throws InterruptedException {
    List<RegisterReading> batch = new ArrayList<>();
    urgent.drainTo(batch, max);
    if (!batch.isEmpty()) {
      Set<String> meters = new HashSet<>();
      for (RegisterReading r : batch) {
        meters.add(r.meterSerial());
      }
      normal.removeIf(
          r -> {
            if (meters.contains(r.meterSerial())) {
              batch.add(r);
              return true;
            }
            return false;
          });
      return batch;
    }
    RegisterReading first = normal.poll(wait, unit);
    if (first != null) {
      batch.add(first);
      normal.drainTo(batch, max - 1);
    }
    return batch;
  }

  /** After a committed charge: meters left below the threshold go first from now on. */
  void charged(Map<String, Long> balanceAfterByMeter) {
    balanceAfterByMeter.forEach(
        (meter, paise) -> {
          if (paise < priorityBelowPaise) {
            urgentMeters.add(meter);
          } else {
            urgentMeters.remove(meter);
          }
        });
  }

  int backlog() {
    return normal.size() + urgent.size();
  }

  int urgentBacklog() {
    return urgent.size();
  }

  int urgentMeters() {
    return urgentMeters.size();
  }

  boolean isEmpty() {
    return normal.isEmpty() && urgent.isEmpty();
  }
}
