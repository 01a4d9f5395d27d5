package org.urja.ingest.tcp;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The log of one connection's rejected frames: the first {@link #LOUD} at WARN, then at most one
 * summary line a minute ("… 9,990 more rejected frames from X in the last minute"), and a last
 * summary when the connection closes. A hostile peer cannot turn bad frames into log volume; the
 * metrics still count every one. Used on the connection's event loop only.
 */
final class RejectionLog {
  static final int LOUD = 5;
  static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

  private final Logger log;
  private final LongSupplier nanoTime;
  private int loud;
  private long quiet;
  private String lastReason;
  private long windowStartNanos;

  RejectionLog(Logger log, LongSupplier nanoTime) {
    this.log = log;
    this.nanoTime = nanoTime;
    this.windowStartNanos = nanoTime.getAsLong();
  }

  void rejected(String who, String reason, String message) {
    if (loud < LOUD) {
      loud++;
      log.warn(
          "rejected frame from {} ({}): {}{}",
          who,
          reason,
          message,
          loud == LOUD
              ? "; further rejections from this connection are summarised once a minute"
              : "");
      return;
    }
    quiet++;
    lastReason = reason;
    long now = nanoTime.getAsLong();
    if (now - windowStartNanos >= SUMMARY_EVERY.toNanos()) {
      summarise(who, "in the last minute");
      windowStartNanos = now;
    }
  }

  /** The connection closed: says what the last summary did not. */
  void closed(String who) {
    if (quiet > 0) {
      summarise(who, "before the connection closed");
    }
  }

  private void summarise(String who, String when) {
    log.warn(
        "{} more rejected frames from {} {} (latest reason: {})",
        String.format("%,d", quiet),
        who,
        when,
        lastReason);
    quiet = 0;
  }
}
