package org.urja.ingest.keys;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The log of refused replays: up to {@link #LOUD} lines a minute at WARN, then one summary line
 * when the minute is over, so a flood of replayed frames cannot become a flood of log lines (the
 * metric still counts each one).
 */
final class ReplayLog {
  static final int LOUD = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  private final Logger log;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int loud;
  private long quiet;

  ReplayLog(Logger log, LongSupplier nanoTime) {
    this.log = log;
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  synchronized void replayed(String serial, String systemTitle, long frameCounter) {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= WINDOW.toNanos()) {
      if (quiet > 0) {
        log.warn("{} more replayed frames refused in the last minute", String.format("%,d", quiet));
      }
      windowStart = now;
      loud = 0;
      quiet = 0;
    }
    if (loud < LOUD) {
      loud++;
      log.warn(
          "replayed frame refused: meter {} (system title {}) frame counter {} is not above the last accepted{}",
          serial,
          systemTitle,
          frameCounter,
          loud == LOUD ? "; further replays this minute are summarised" : "");
    } else {
      quiet++;
    }
  }
}
