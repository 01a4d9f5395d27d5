package org.urja.ingest.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Submissions waiting for a writer, counted in rows until their batch commits (so in-flight rows
 * still hold back capacity). Never refuses a submission while open: the bytes were already read
 * from the meter's connection, and dropping them would lose data the meter believes delivered.
 * Capacity (high/low watermark with hysteresis) is how the listeners are told to stop reading.
 */
final class WriteQueue {

  record Pending(Submission submission, CompletableFuture<WriteResult> future, boolean live) {
    int rows() {
      return submission.rows();
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final List<Consumer<Boolean>> capacityListeners = new CopyOnWriteArrayList<>();
  private final long highWatermark;
  private final long lowWatermark;
  private volatile long rows;
  private volatile boolean capacity = true;
  private boolean closed;

  WriteQueue(long highWatermark, long lowWatermark) {
    this.highWatermark = highWatermark;
    this.lowWatermark = lowWatermark;
  }

  /** Returns false only after {@link #close()}. */
  boolean offer(Pending p) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      waiting.add(p);
      rows += p.rows();
      if (capacity && rows >= highWatermark) {
        setCapacity(false);
      }
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for work, then gathers whole submissions until {@code maxRows} or {@code lingerNanos}.
   * Returns an empty list once closed and empty (the writer should stop).
   */
  List<Pending> takeBatch(int maxRows, long lingerNanos) throws InterruptedException {
    lock.lock();
    try {
      while (waiting.isEmpty()) {
        if (closed) {
          return List.of();
        }
        notEmpty.await();
      }
      List<Pending> batch = new ArrayList<>();
      int batchRows = 0;
      long deadline = System.nanoTime() + lingerNanos;
      while (batchRows < maxRows) {
        Pending next = waiting.peek();
        if (next != null) {
          if (!batch.isEmpty() && batchRows + next.rows() > maxRows) {
            break;
          }
          batch.add(waiting.poll());
          batchRows += next.rows();
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          break;
        }
        notEmpty.awaitNanos(left);
      }
      if (!waiting.isEmpty()) {
        notEmpty.signal(); // let another writer start on the rest
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** A batch of {@code batchRows} rows finished (committed or failed for good). */
  void done(int batchRows) {
    lock.lock();
    try {
      rows -= batchRows;
      if (!capacity && rows < lowWatermark) {
        setCapacity(true);
      }
    } finally {
      lock.unlock();
    }
  }

  // Called under the lock so listeners see false/true strictly alternating and in order.
  private void setCapacity(boolean value) {
    capacity = value;
    for (Consumer<Boolean> listener : capacityListeners) {
      listener.accept(value);
    }
  }

  void addCapacityListener(Consumer<Boolean> listener) {
    capacityListeners.add(listener);
  }

  boolean hasCapacity() {
    return capacity;
  }

  long rows() {
    return rows;
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** After close: removes what no writer will take any more. */
  List<Pending> drainUnwritten() {
    lock.lock();
    try {
      List<Pending> left = new ArrayList<>(waiting);
      waiting.clear();
      return left;
    } finally {
      lock.unlock();
    }
  }

  static long toNanos(java.time.Duration d) {
    return TimeUnit.NANOSECONDS.convert(d);
  }
}
