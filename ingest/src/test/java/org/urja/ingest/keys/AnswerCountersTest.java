package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.db.SwitchableDataSource;

/** A meter's answers are checked for replay from memory once primed, and written behind. */
class AnswerCountersTest extends PostgresTestSupport {
  static final byte[] TITLE = {0x55, 0x52, 0x4A, 0, 0, 0, 0, 9};

  SwitchableDataSource database;
  StoredFrameCounterGuard stored;
  final List<Runnable> writesBehind = new ArrayList<>();
  AnswerCounters answers;

  @BeforeEach
  void empty() {
    truncate("meter_frame_counters");
    database = new SwitchableDataSource(dataSource());
    stored = new StoredFrameCounterGuard(database, new SimpleMeterRegistry()).answers();
    answers = new AnswerCounters(database, stored, writesBehind::add);
  }

  long storedLast(String serial) {
    return queryLong(
        "SELECT last_accepted FROM meter_frame_counters WHERE stream = 1 AND serial = '"
            + serial
            + "'");
  }

  @Test
  void oncePrimedAnswersAreJudgedWithoutTheDatabaseAndWrittenBehind() throws Exception {
    assertThat(stored.accept("AC-1", TITLE, 500)).isTrue(); // an earlier association's answer
    answers.prime("AC-1");

    database.down.set(true); // nothing below may touch it
    assertThat(answers.accept("AC-1", TITLE, 500)).isFalse(); // replayed from that association
    assertThat(answers.accept("AC-1", TITLE, 501)).isTrue();
    assertThat(answers.accept("AC-1", TITLE, 503)).isTrue();
    assertThat(answers.accept("AC-1", TITLE, 502)).isTrue(); // once, within the 64 below
    assertThat(answers.accept("AC-1", TITLE, 502)).isFalse();
    assertThat(answers.accept("AC-1", TITLE, 400)).isFalse(); // older than the window

    database.down.set(false);
    writesBehind.forEach(Runnable::run);
    assertThat(writesBehind).hasSize(3);
    assertThat(storedLast("AC-1")).isEqualTo(503);
    // the next node to hold the meter starts from there
    AnswerCounters next = new AnswerCounters(database, stored, Runnable::run);
    next.prime("AC-1");
    assertThat(next.accept("AC-1", TITLE, 503)).isFalse();
    assertThat(next.accept("AC-1", TITLE, 504)).isTrue();
  }

  @Test
  void aMeterNeverPrimedIsCheckedByTheDatabase() {
    assertThat(answers.accept("AC-2", TITLE, 7)).isTrue();
    assertThat(storedLast("AC-2")).isEqualTo(7);
    assertThat(writesBehind).isEmpty();
    assertThat(answers.accept("AC-2", TITLE, 7)).isFalse();
  }
}
