package org.urja.headend.prepaid;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.urja.ledger.charging.RegisterReading;

/**
 * One charging lane's backlog, held per meter: each meter with readings waiting has one place in
 * line (where its oldest waiting reading arrived), and a batch takes whole meters — all of a
 * meter's waiting readings. When charging keeps up, a meter has one reading per batch; when it
 * falls behind, a meter's backlog grows and is charged in one go, which the ledger journals as one
 * entry per day ({@code ChargeSpans}), so the work per reading falls as the backlog grows and
 * charging cannot fall behind for good (issue 11).
 *
 * <p>Meters whose account was left close to running out of credit (below {@code priorityBelowPaise}
 * by its last charge) go ahead of the rest: a batch takes them first, on their own, so their
 * balance, and the disconnection decision taken from it, does not wait behind tens of thousands of
 * other readings (issue 11: relay latency must not depend on ingest load).
 *
 * <p>The backlog is bounded in readings, all meters together: when it is full, {@link #put} waits
 * (backpressure to the batch writer, and from there to the meters).
 */
final class LaneQueue {
  private final int capacity;
  private final long priorityBelowPaise;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();

  /** Waiting readings by meter, in arrival order of each meter's oldest waiting reading. */
  private final Map<String, List<RegisterReading>> waiting = new LinkedHashMap<>();

  /** Meters with waiting readings that go first, in the order they became urgent. */
  private final Set<String> urgentWaiting = new LinkedHashSet<>();

  /**
   * Meters close to running out of credit, shared by the lanes; this lane changes its meters'
   * entries under its lock after a charge, others mark them at any time ({@link UrgentMeters}).
   */
  private final UrgentMeters urgentMeters;

  private int readings;

  /**
   * @param capacity readings held, all meters together, before {@link #put} waits (backpressure)
   * @param priorityBelowPaise a meter whose account's balance was left below this goes first
   * @param urgentMeters the meters that go first, all lanes' ({@link UrgentMeters})
   */
  LaneQueue(int capacity, long priorityBelowPaise, UrgentMeters urgentMeters) {
    this.capacity = capacity;
    this.priorityBelowPaise = priorityBelowPaise;
    this.urgentMeters = urgentMeters;
  }

  /** Queues a committed reading behind its meter's waiting ones, waiting while the lane is full. */
  void put(RegisterReading r) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (readings >= capacity) {
        notFull.await();
      }
      waiting.computeIfAbsent(r.meterSerial(), m -> new ArrayList<>(2)).add(r);
      if (urgentMeters.contains(r.meterSerial())) {
        urgentWaiting.add(r.meterSerial());
      }
      readings++;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next batch, whole meters at a time until it holds at least {@code max} readings (a single
   * meter's backlog may exceed it): urgent meters only while there are any, else meters in line;
   * empty when nothing came within {@code wait}.
   */
  List<RegisterReading> next(int max, long wait, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(wait);
    lock.lockInterruptibly();
    try {
      while (readings == 0) {
        if (nanos <= 0) {
          return List.of();
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      List<RegisterReading> batch = new ArrayList<>();
      if (!urgentWaiting.isEmpty()) {
        Iterator<String> it = urgentWaiting.iterator();
        while (it.hasNext() && batch.size() < max) {
          batch.addAll(waiting.remove(it.next()));
          it.remove();
        }
      } else {
        Iterator<List<RegisterReading>> it = waiting.values().iterator();
        while (it.hasNext() && batch.size() < max) {
          batch.addAll(it.next());
          it.remove();
        }
      }
      readings -= batch.size();
      notFull.signalAll();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** After a committed charge: meters left below the threshold go first from now on. */
  void charged(Map<String, Long> balanceAfterByMeter) {
    lock.lock();
    try {
      balanceAfterByMeter.forEach(
          (meter, paise) -> {
            if (paise < priorityBelowPaise) {
              urgentMeters.add(meter);
              if (waiting.containsKey(meter)) {
                urgentWaiting.add(meter);
              }
            } else {
              urgentMeters.remove(meter);
              urgentWaiting.remove(meter);
            }
          });
    } finally {
      lock.unlock();
    }
  }

  /** True when the meter's account is close to running out of credit ({@link UrgentMeters}). */
  boolean urgent(String meter) {
    return urgentMeters.contains(meter);
  }

  /** Readings waiting, all meters. */
  int backlog() {
    lock.lock();
    try {
      return readings;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Meters with readings waiting: the backlog ÷ this is how many readings a meter's batch holds.
   */
  int backlogMeters() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Readings waiting of meters that go first. */
  int urgentBacklog() {
    lock.lock();
    try {
      int n = 0;
      for (String m : urgentWaiting) {
        n += waiting.get(m).size();
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Meters close to running out of credit, all lanes' together. */
  int urgentMeters() {
    return urgentMeters.size();
  }

  boolean isEmpty() {
    return backlog() == 0;
  }
}
