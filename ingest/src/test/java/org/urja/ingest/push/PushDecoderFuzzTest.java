package org.urja.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.Optional;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;

/**
 * Coverage-guided fuzzing of the whole way from pushed bytes to readings, as the TCP and MQTT
 * listeners run it (docs/FUZZING.md).
 */
class PushDecoderFuzzTest {
  static final MeterModel MODEL = MeterModelCatalog.bundled().defaultModel();
  static final PushDecoder DECODER = new PushDecoder();

  /**
   * Any APDU becomes readings within {@link ReadingValues} or fails with the two exceptions the
   * listeners count as decode errors ({@link AxdrException}, {@link PushDecodeException}).
   */
  @FuzzTest
  void anyPushBecomesBoundedReadingsOrACountedDecodeError(byte[] apdu) {
    DecodedPush push;
    try {
      push = DECODER.decode(DataNotification.decode(apdu), MODEL, Optional.empty(), Instant.EPOCH);
    } catch (AxdrException | PushDecodeException e) {
      return;
    }
    assertThat(push.meterSerial()).isNotBlank();
    for (Reading r : push.readings()) {
      assertThat(ReadingValues.bounded(r.value(), "fuzzed reading")).isSameAs(r.value());
    }
  }
}
