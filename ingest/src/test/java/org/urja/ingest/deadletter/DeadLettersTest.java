package org.urja.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;

class DeadLettersTest extends PostgresTestSupport {

  private DeadLetters letters;

  @BeforeEach
  void empty() {
    truncate("dead_letters");
    letters = new DeadLetters(dataSource());
  }

  @Test
  void aRecordedLetterIsListedOpenUntilAnOperatorResolvesIt() throws Exception {
    long id =
        letters.record(
            new DeadLetter.New(
                "mqtt",
                "meters/X1/data",
                "X1",
                "decode",
                "bad A-XDR",
                "garbage".getBytes(StandardCharsets.UTF_8),
                5));

    assertThat(letters.countOpen()).isEqualTo(1);
    assertThat(letters.list(false, Long.MAX_VALUE, 10))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.id()).isEqualTo(id);
              assertThat(l.meterSerial()).isEqualTo("X1");
              assertThat(new String(l.payload(), StandardCharsets.UTF_8)).isEqualTo("garbage");
              assertThat(l.attempts()).isEqualTo(5);
              assertThat(l.open()).isTrue();
            });

    assertThat(letters.resolve(id, "discarded: test input")).isTrue();
    assertThat(letters.resolve(id, "again")).isFalse();
    assertThat(letters.countOpen()).isZero();
    assertThat(letters.list(false, Long.MAX_VALUE, 10)).isEmpty();
    assertThat(letters.find(id))
        .hasValueSatisfying(l -> assertThat(l.resolution()).isEqualTo("discarded: test input"));
  }

  @Test
  void aHugePayloadAndDetailAreCutNotRefused() throws Exception {
    long id =
        letters.record(
            new DeadLetter.New(
                "writer",
                "",
                null,
                "database_refused",
                "x".repeat(50_000),
                new byte[1_000_000],
                1));

    DeadLetter l = letters.find(id).orElseThrow();
    assertThat(l.payload()).hasSize(DeadLetters.MAX_PAYLOAD_BYTES);
    assertThat(l.detail()).hasSize(DeadLetters.MAX_TEXT_CHARS);
    assertThat(l.meterSerial()).isNull();
  }
}
