package org.urja.ingest.reading;

import java.time.Instant;
import java.util.Objects;

/**
 * An event a meter reported (IS 15959 event codes: 101 power failure, 201 magnet tamper, 301 load
 * switch disconnected, ...). The natural key is (meterSerial, code, timestamp).
 */
public record MeterEvent(String meterSerial, int code, Instant timestamp, String source) {
  public MeterEvent {
    Objects.requireNonNull(meterSerial, "meterSerial");
    Objects.requireNonNull(timestamp, "timestamp");
    source = source == null ? "" : source;
  }
}
