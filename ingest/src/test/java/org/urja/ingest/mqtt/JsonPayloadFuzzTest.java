package org.urja.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.PushDecodeException;
import org.urja.ingest.push.ReadingValues;
import org.urja.ingest.reading.Reading;

/** Coverage-guided fuzzing of the JSON push form a gateway publishes (docs/FUZZING.md). */
class JsonPayloadFuzzTest {

  /**
   * Any payload is a push within the documented bounds, or a {@link PushDecodeException} for that
   * message: no other exception reaches the MQTT callback, and nothing accepted is a value a writer
   * cannot render or a time the database cannot store.
   */
  @FuzzTest
  void anyPayloadIsABoundedPushOrADecodeError(byte[] payload) {
    DecodedPush push;
    try {
      push = JsonPayload.parse(payload, "SIM00000007");
    } catch (PushDecodeException e) {
      return;
    }
    assertThat(push.meterSerial()).isEqualTo("SIM00000007");
    assertThat(push.readings()).hasSizeLessThanOrEqualTo(JsonPayload.MAX_READINGS);
    assertThat(push.events()).hasSizeLessThanOrEqualTo(JsonPayload.MAX_EVENTS);
    for (Reading r : push.readings()) {
      String plain = r.value().stripTrailingZeros().toPlainString();
      assertThat(plain.length())
          .isLessThanOrEqualTo(
              ReadingValues.MAX_INTEGER_DIGITS + ReadingValues.MAX_FRACTION_DIGITS + 2);
      assertThat(r.timestamp()).isBetween(JsonPayload.EARLIEST, JsonPayload.LATEST);
      assertThat(r.unit().length()).isLessThanOrEqualTo(JsonPayload.MAX_UNIT_CHARS);
    }
    push.events()
        .forEach(
            e -> assertThat(e.timestamp()).isBetween(JsonPayload.EARLIEST, JsonPayload.LATEST));
  }
}
