package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of replays is a few log lines a minute, whatever its rate. */
class ReplayLogTest {
  final Logger logger = (Logger) LoggerFactory.getLogger("org.urja.ingest.keys.ReplayLogTest");
  final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  final AtomicLong nanos = new AtomicLong();
  final ReplayLog log = new ReplayLog(logger, nanos::get);

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(lines);
  }

  @Test
  void theFirstFewReplaysOfAMinuteAreLoggedThenOneSummary() {
    for (int i = 0; i < 1_000; i++) {
      log.replayed("FC-9", "55524a0000000007", i);
    }
    assertThat(lines.list).hasSize(ReplayLog.LOUD);
    assertThat(lines.list.get(0).getFormattedMessage())
        .isEqualTo(
            "replayed frame refused: meter FC-9 (system title 55524a0000000007) frame counter 0 is not above the last accepted");

    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    log.replayed("FC-9", "55524a0000000007", 1);

    assertThat(lines.list).hasSize(ReplayLog.LOUD + 2);
    assertThat(lines.list.get(ReplayLog.LOUD).getFormattedMessage())
        .isEqualTo("995 more replayed frames refused in the last minute");
  }
}
