package org.urja.ingest.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;

/**
 * Who hears what the batch writer stored: readings that became new rows (the prepaid ledger charges
 * them), and events the listeners delivered live (the ledger applies a meter's own word that it
 * switched payment mode). A listener that throws is logged and never fails the write it heard of:
 * the rows are stored regardless.
 */
final class CommitListeners {
  private static final Logger log = LoggerFactory.getLogger(CommitListeners.class);

  private final List<Consumer<List<Reading>>> readings = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<MeterEvent>>> liveEvents = new CopyOnWriteArrayList<>();

  void addReadings(Consumer<List<Reading>> listener) {
    readings.add(listener);
  }

  void addLiveEvents(Consumer<List<MeterEvent>> listener) {
    liveEvents.add(listener);
  }

  void readingsCommitted(List<Reading> inserted) {
    if (inserted.isEmpty()) {
      return;
    }
    for (Consumer<List<Reading>> listener : readings) {
      try {
        listener.accept(inserted);
      } catch (Throwable e) {
        log.error("Commit listener failed; the rows are stored regardless", e);
      }
    }
  }

  void liveEventsStored(List<MeterEvent> events) {
    for (Consumer<List<MeterEvent>> listener : liveEvents) {
      try {
        listener.accept(events);
      } catch (RuntimeException e) {
        log.warn("Event listener failed; the events are stored regardless: {}", e.toString());
      }
    }
  }
}
