package org.urja.headend.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.reading.ReadingSink;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.Submission;

/** Listeners hand readings to the batch writer through this. */
final class BatchWriterSink implements ReadingSink {
  private final BatchWriter writer;

  BatchWriterSink(BatchWriter writer) {
    this.writer = writer;
  }

  @Override
  public CompletableFuture<?> submit(List<Reading> readings, List<MeterEvent> events) {
    return writer.submit(new Submission(readings, events));
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
