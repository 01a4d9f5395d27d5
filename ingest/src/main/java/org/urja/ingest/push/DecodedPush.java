package org.urja.ingest.push;

import java.util.List;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;

/** What one DataNotification said: which meter, its readings and its events. */
public record DecodedPush(
    String meterSerial, String layout, List<Reading> readings, List<MeterEvent> events) {
  public DecodedPush {
    readings = List.copyOf(readings);
    events = List.copyOf(events);
  }
}
