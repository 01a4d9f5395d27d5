package org.urja.ingest.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs rejected input without letting the input write the log: the first few rejections at WARN,
 * then at most one summary a minute with how many were rejected since. A flood of bad messages
 * costs a counter increment each, not a log line each.
 */
final class BadMessageLog {
  static final int FIRST_LOGGED = 5;
  static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

  private final Logger log;
  private final Clock clock;
  private long total;
  private long sinceSummary;
  private Instant lastSummary = Instant.MIN;

  BadMessageLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  synchronized void rejected(String topic, String why) {
    total++;
    if (total <= FIRST_LOGGED) {
      log.warn(
          "rejected MQTT message on {}: {}{}",
          topic,
          abbreviate(why),
          total == FIRST_LOGGED ? " (further rejections are summarised once a minute)" : "");
      lastSummary = clock.instant();
      return;
    }
    sinceSummary++;
    Instant now = clock.instant();
    if (!now.isBefore(lastSummary.plus(SUMMARY_EVERY))) {
      log.warn(
          "rejected {} more MQTT messages in the last {} s ({} in all); the latest on {}: {}",
          sinceSummary,
          Duration.between(lastSummary, now).toSeconds(),
          total,
          topic,
          abbreviate(why));
      sinceSummary = 0;
      lastSummary = now;
    }
  }

  /** Input-derived text is cut: a message may not write kilobytes into the log. */
  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
