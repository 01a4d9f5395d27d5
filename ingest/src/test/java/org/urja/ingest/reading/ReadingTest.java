package org.urja.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.protocol.obis.ObisCode;

class ReadingTest {

  private static final ObisCode IMPORT = ObisCode.parse("1.0.1.8.0.255");

  @Test
  void aReadingNamesTheInstantTheStoreKeeps() {
    // some clocks give nanoseconds; PostgreSQL keeps microseconds, and a reading charged live must
    // name the same instant as the same reading read back
    Instant nanos = Instant.parse("2026-11-29T22:51:16.213256912Z");
    Reading r = new Reading("M-1", IMPORT, nanos, BigDecimal.TEN, "Wh");
    assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-11-29T22:51:16.213256Z"));
  }

  @Test
  void twoArrivalsOfOneReadingAreEqualWhateverTheClockPrecision() {
    Reading a =
        new Reading(
            "M-1", IMPORT, Instant.parse("2026-11-29T10:00:00.000001100Z"), BigDecimal.TEN, "Wh");
    Reading b =
        new Reading(
            "M-1", IMPORT, Instant.parse("2026-11-29T10:00:00.000001900Z"), BigDecimal.TEN, "Wh");
    assertThat(a).isEqualTo(b);
  }
}
