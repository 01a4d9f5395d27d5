package org.urja.headend.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.Submission;
import org.urja.ingest.store.WriteResult;

/** Listeners hand readings to the batch writer through this. */
final class BatchWriterSink implements ReadingSink {
  private final BatchWriter writer;
  private final Consumer<List<MeterEvent>> eventsCommitted;

  /** @param eventsCommitted told the events of each submission once they are stored */
  BatchWriterSink(BatchWriter writer, Consumer<List<MeterEvent>> eventsCommitted) {
    this.writer = writer;
    this.eventsCommitted = eventsCommitted;
  }

  @Override
  public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
    CompletableFuture<WriteResult> stored = writer.submit(new Submission(readings, events));
    if (!events.isEmpty()) {
      // a dead-lettered submission completes too (so it is acknowledged), but its events were not stored
      stored.thenAccept(r -> {
        if (r.deadLettered() == 0) {
          eventsCommitted.accept(events);
        }
      });
    }
    return stored;
  }

  @Override
  public boolean hasCapacity() {
    return writer.hasCapacity();
  }

  @Override
  public void addCapacityListener(Consumer<Boolean> listener) {
    writer.addCapacityListener(listener);
  }
}
