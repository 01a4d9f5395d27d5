package org.urja.ingest.tcp;

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

/** A connection's rejected frames: a few lines, then one summary a minute, whatever the rate. */
class RejectionLogTest {
  final Logger logger =
      (Logger) LoggerFactory.getLogger("org.urja.ingest.tcp.RejectionLogTest.connection");
  final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  final AtomicLong nanos = new AtomicLong();
  final RejectionLog log = new RejectionLog(logger, nanos::get);

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(lines);
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void theFirstFewRejectionsAreLoggedThenOneSummaryAMinute() {
    for (int i = 0; i < 1_000; i++) {
      log.rejected("meter X at /10.0.0.1:4000", "axdr", "bad " + i);
    }
    assertThat(lines.list).hasSize(RejectionLog.LOUD);

    advance(Duration.ofSeconds(30));
    log.rejected("meter X at /10.0.0.1:4000", "axdr", "bad");
    assertThat(lines.list).hasSize(RejectionLog.LOUD);

    advance(Duration.ofSeconds(31));
    log.rejected("meter X at /10.0.0.1:4000", "push_layout", "bad");
    assertThat(lines.list).hasSize(RejectionLog.LOUD + 1);
    assertThat(lines.list.get(RejectionLog.LOUD).getFormattedMessage())
        .isEqualTo(
            "997 more rejected frames from meter X at /10.0.0.1:4000 in the last minute (latest reason: push_layout)");

    log.rejected("meter X at /10.0.0.1:4000", "axdr", "bad");
    log.closed("meter X at /10.0.0.1:4000");
    assertThat(lines.list).hasSize(RejectionLog.LOUD + 2);
    assertThat(lines.list.get(RejectionLog.LOUD + 1).getFormattedMessage())
        .startsWith("1 more rejected frames")
        .endsWith("before the connection closed (latest reason: axdr)");
  }

  @Test
  void aConnectionWithFewRejectionsSaysNothingMoreWhenItCloses() {
    log.rejected("meter Y at /10.0.0.2:4000", "empty", "empty APDU");
    log.closed("meter Y at /10.0.0.2:4000");
    assertThat(lines.list).hasSize(1);
  }
}
