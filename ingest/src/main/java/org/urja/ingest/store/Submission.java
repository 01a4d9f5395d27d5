package org.urja.ingest.store;

import java.util.List;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;

/**
 * What one received message carries (a DataNotification, an MQTT publish): written in one
 * transaction with whatever else shares its batch, and acknowledged as a unit.
 */
public record Submission(List<Reading> readings, List<MeterEvent> events) {

  public Submission {
    readings = readings == null ? List.of() : List.copyOf(readings);
    events = events == null ? List.of() : List.copyOf(events);
  }

  public static Submission ofReadings(List<Reading> readings) {
    return new Submission(readings, List.of());
  }

  public static Submission ofEvents(List<MeterEvent> events) {
    return new Submission(List.of(), events);
  }

  public int rows() {
    return readings.size() + events.size();
  }
}
