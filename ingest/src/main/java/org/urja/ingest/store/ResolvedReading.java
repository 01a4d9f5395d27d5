package org.urja.ingest.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.obis.ObisCode;

/**
 * A reading whose meter has an id, shaped like a {@code readings} row. The timestamp is cut to
 * microseconds, PostgreSQL's precision, so the key we compute is the key the database stores.
 */
public record ResolvedReading(
    long meterId, String obis, Instant ts, BigDecimal value, String unit, Reading source) {

  // A fleet uses a few dozen OBIS codes; formatting one per reading was a visible share of a
  // writer's CPU.
  private static final int MAX_CACHED_OBIS = 4_096;
  private static final Map<ObisCode, String> OBIS_TEXT = new ConcurrentHashMap<>();

  public static ResolvedReading of(long meterId, Reading r) {
    return new ResolvedReading(
        meterId,
        obisText(r.obis()),
        r.timestamp(), // a Reading holds its time to the microsecond, as the store does
        r.value(),
        r.unit(),
        r);
  }

  static String obisText(ObisCode obis) {
    String text = OBIS_TEXT.get(obis);
    if (text == null) {
      text = obis.toString();
      if (OBIS_TEXT.size() < MAX_CACHED_OBIS) {
        OBIS_TEXT.put(obis, text);
      }
    }
    return text;
  }

  public ReadingKey key() {
    return new ReadingKey(meterId, obis, ts);
  }
}
