package org.urja.headend.reads;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs a round of asynchronous tasks with at most {@code max} outstanding at once, starting the
 * next as each completes; no thread waits for any of them. Completes when every task has (a failed
 * task counts as done: each task records its own outcome).
 */
final class BoundedRound {
  private final Iterator<Supplier<CompletableFuture<Void>>> tasks;
  private final int max;
  private final Executor executor;
  private final CompletableFuture<Void> all = new CompletableFuture<>();
  private int outstanding;

  private BoundedRound(
      Iterator<Supplier<CompletableFuture<Void>>> tasks, int max, Executor executor) {
    this.tasks = tasks;
    this.max = max;
    this.executor = executor;
  }

  static CompletableFuture<Void> run(
      Iterator<Supplier<CompletableFuture<Void>>> tasks, int max, Executor executor) {
    if (max <= 0) {
      throw new IllegalArgumentException("at least one task must be allowed in flight");
    }
    BoundedRound round = new BoundedRound(tasks, max, executor);
    round.startMore();
    return round.all;
  }

  private void startMore() {
    while (true) {
      Supplier<CompletableFuture<Void>> next;
      synchronized (this) {
        if (!tasks.hasNext()) {
          if (outstanding == 0) {
            all.complete(null);
          }
          return;
        }
        if (outstanding >= max) {
          return;
        }
        next = tasks.next();
        outstanding++;
      }
      CompletableFuture<Void> f;
      try {
        f = next.get();
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      // async: a task that completed already must not start the next one inside this loop's stack
      f.whenCompleteAsync(
          (v, e) -> {
            synchronized (this) {
              outstanding--;
            }
            startMore();
          },
          executor);
    }
  }
}
