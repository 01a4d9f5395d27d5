package org.urja.ingest.store;

import java.math.BigDecimal;
import java.time.Instant;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.obis.ObisCode;

/** Readings and events as meters send them. */
final class StoreFixtures {

  static final ObisCode ENERGY_IMPORT = ObisCode.parse("1.0.1.8.0.255");
  static final ObisCode VOLTAGE = ObisCode.parse("1.0.32.7.0.255");
  // yesterday's noon: inside the ready partitions, and never beyond the writer's clock tolerance
  static final Instant NOON =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minusSeconds(12 * 3600);

  private StoreFixtures() {}

  static Reading energy(String serial, Instant ts, String wh) {
    return new Reading(serial, ENERGY_IMPORT, ts, new BigDecimal(wh), "Wh");
  }

  static Reading voltage(String serial, Instant ts, String volts) {
    return new Reading(serial, VOLTAGE, ts, new BigDecimal(volts), "V");
  }

  static MeterEvent powerFailure(String serial, Instant ts) {
    return new MeterEvent(serial, 101, ts, "push");
  }
}
