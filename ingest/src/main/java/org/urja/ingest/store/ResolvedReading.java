package org.urja.ingest.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.urja.ingest.reading.Reading;

/**
 * A reading whose meter has an id, shaped like a {@code readings} row. The timestamp is cut to
 * microseconds, PostgreSQL's precision, so the key we compute is the key the database stores.
 */
public record ResolvedReading(long meterId, String obis, Instant ts, BigDecimal value, String unit, Reading source) {

  public static ResolvedReading of(long meterId, Reading r) {
    return new ResolvedReading(
        meterId, r.obis().toString(), r.timestamp().truncatedTo(ChronoUnit.MICROS), r.value(), r.unit(), r);
  }

  public ReadingKey key() {
    return new ReadingKey(meterId, obis, ts);
  }
}
