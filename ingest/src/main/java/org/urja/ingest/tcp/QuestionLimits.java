package org.urja.ingest.tcp;

import java.time.Duration;

/**
 * How the listener asks meters about themselves (their serial, their layout) over their own
 * connections.
 *
 * @param inFlight questions asked at once across the listener ({@code meter.learn.in.flight})
 * @param attempts times one question is asked before the meter's waiting pushes are given up on
 *     ({@code meter.learn.attempts})
 * @param firstPause pause before the second attempt, doubled before each later one ({@code
 *     meter.learn.retry.pause})
 */
public record QuestionLimits(int inFlight, int attempts, Duration firstPause) {
  public QuestionLimits {
    if (inFlight < 1 || attempts < 1 || firstPause.isNegative()) {
      throw new IllegalArgumentException(
          "meter.learn.in.flight and meter.learn.attempts must be at least 1 and "
              + "meter.learn.retry.pause not negative, got "
              + inFlight
              + ", "
              + attempts
              + ", "
              + firstPause);
    }
  }

  public static QuestionLimits defaults() {
    return new QuestionLimits(64, 3, Duration.ofSeconds(2));
  }
}
