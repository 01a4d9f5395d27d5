package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.urja.ingest.metrics.IngestMetrics;

/**
 * The questions a listener asks meters over their own connections about themselves (who they are,
 * what their pushes carry), shared by all its connections: at most {@code inFlight} at once, those
 * whose pushes wait for the answer before those asked in the background, and a question that fails
 * (a meter too busy to answer within the association's timeout, as thousands are when a feeder
 * comes back) asked again after a growing pause, while the connection lasts, up to {@code attempts}
 * times.
 *
 * <p>Why a bound: measured with {@code bench ingest --storm}, asking every meter of a storm at once
 * left thousands of associations waiting on the same two cores, so answers came after the 10 s
 * timeout and the meters' pushes were given up on; asked a few dozen at a time they answer in
 * milliseconds.
 */
final class MeterQuestions {
  private final QuestionLimits limits;
  private final IngestMetrics metrics;
  // guarded by this
  private int asking;
  // an event loop refused work: the node is stopping, no question is asked any more
  private boolean stopping;
  private final ArrayDeque<Runnable> urgent = new ArrayDeque<>();
  private final ArrayDeque<Runnable> background = new ArrayDeque<>();

  MeterQuestions(QuestionLimits limits, IngestMetrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
  }

  /**
   * Asks {@code question} over {@code ch} when a place is free. {@code urgent}: pushes wait for the
   * answer, so it goes before background questions.
   */
  <T> CompletableFuture<T> ask(
      Channel ch, boolean urgent, Supplier<CompletableFuture<T>> question) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    attempt(ch, urgent, question, 1, answer);
    return answer;
  }

  /** Questions asked now (for tests and metrics). */
  synchronized int asking() {
    return asking;
  }

  private <T> void attempt(
      Channel ch,
      boolean urgent,
      Supplier<CompletableFuture<T>> question,
      int attempt,
      CompletableFuture<T> answer) {
    whenFree(
        urgent,
        () ->
            onLoop(
                ch,
                answer,
                () -> {
                  if (!ch.isActive()) {
                    done();
                    answer.completeExceptionally(new ClosedChannelException());
                    return;
                  }
                  CompletableFuture<T> asked;
                  try {
                    asked = question.get();
                  } catch (RuntimeException e) {
                    asked = CompletableFuture.failedFuture(e);
                  }
                  asked.whenComplete(
                      (v, err) -> {
                        done();
                        if (err == null) {
                          answer.complete(v);
                        } else if (attempt >= (urgent ? limits.attempts() : 1) || !ch.isActive()) {
                          answer.completeExceptionally(err);
                        } else {
                          metrics
                              .registry()
                              .counter("urja.ingest.meter.questions.retried")
                              .increment();
                          ch.eventLoop()
                              .schedule(
                                  () -> attempt(ch, urgent, question, attempt + 1, answer),
                                  limits.firstPause().toMillis() << (attempt - 1),
                                  TimeUnit.MILLISECONDS);
                        }
                      });
                }));
  }

  /**
   * Runs {@code task} on the connection's event loop. A loop that takes no more work is a node
   * shutting down: the questions still waiting are dropped and this one fails, quietly, instead of
   * throwing into whichever event loop passed it its place (a stack trace per waiting question at
   * every stop, and the place never given back).
   */
  private void onLoop(Channel ch, CompletableFuture<?> answer, Runnable task) {
    try {
      ch.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        stopping = true;
        urgent.clear();
        background.clear();
        asking--;
      }
      answer.completeExceptionally(e);
    }
  }

  private void whenFree(boolean urgent, Runnable ask) {
    synchronized (this) {
      if (stopping) {
        return;
      }
      if (asking >= limits.inFlight()) {
        (urgent ? this.urgent : background).add(ask);
        return;
      }
      asking++;
    }
    ask.run();
  }

  private void done() {
    Runnable next;
    synchronized (this) {
      next = stopping ? null : urgent.isEmpty() ? background.poll() : urgent.poll();
      if (next == null) {
        asking--;
        return;
      }
    }
    // the place passes to the next question, which runs on its own connection's event loop
    next.run();
  }
}
