package org.urja.ingest.reading;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.urja.protocol.obis.ObisCode;

/**
 * One measured value: a meter's register or profile value at a capture time, already scaled to its
 * unit (scaler applied). {@code value} is exact (BigDecimal) because cumulative energy becomes
 * money downstream. {@code unit} is the COSEM unit symbol ("Wh", "V", "A", "W", "VAh").
 *
 * <p>The natural key is (meterSerial, obis, timestamp): the same reading arriving twice is one row.
 * The timestamp is held to the microsecond, the precision PostgreSQL stores: a reading charged as
 * it arrives and the same reading read back from the store must name the same instant, or a
 * statement's spans and a charge's idempotency key would disagree with themselves (a DLMS clock
 * itself says no more than hundredths of a second).
 */
public record Reading(
    String meterSerial, ObisCode obis, Instant timestamp, BigDecimal value, String unit) {
  public Reading {
    Objects.requireNonNull(meterSerial, "meterSerial");
    Objects.requireNonNull(obis, "obis");
    timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(value, "value");
    unit = unit == null ? "" : unit;
  }
}
