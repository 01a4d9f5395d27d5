package org.urja.ingest.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The writer's Micrometer meters. */
final class WriterMetrics {
  private final MeterRegistry registry;
  private final Gauge queueRows;
  private final Timer batchLatency;
  private final Counter readingsInserted,
      readingsDuplicate,
      eventsInserted,
      eventsDuplicate,
      quarantined,
      suspect,
      refused;
  private final Counter transientFailures, permanentFailures, deadLettered, writerErrors;

  WriterMetrics(MeterRegistry registry, WriteQueue queue) {
    this.registry = registry;
    this.queueRows =
        Gauge.builder("urja.ingest.queue.rows", queue, WriteQueue::rows)
            .description("rows queued or being written")
            .register(registry);
    this.batchLatency =
        Timer.builder("urja.ingest.batch.latency")
            .description("resolve + insert + commit of one batch")
            .register(registry);
    this.readingsInserted = written(registry, "reading", "inserted");
    this.readingsDuplicate = written(registry, "reading", "duplicate");
    this.eventsInserted = written(registry, "event", "inserted");
    this.eventsDuplicate = written(registry, "event", "duplicate");
    this.quarantined = written(registry, "any", "quarantined");
    this.suspect = written(registry, "reading", "suspect");
    this.refused = written(registry, "any", "refused");
    this.transientFailures = registry.counter("urja.ingest.write.failures", "retried", "true");
    this.permanentFailures = registry.counter("urja.ingest.write.failures", "retried", "false");
    this.deadLettered = registry.counter("urja.ingest.write.dead.letters");
    this.writerErrors = registry.counter("urja.ingest.writer.errors");
  }

  private static Counter written(MeterRegistry registry, String kind, String outcome) {
    return registry.counter("urja.ingest.rows.written", "kind", kind, "outcome", outcome);
  }

  Timer batchLatency() {
    return batchLatency;
  }

  void written(WriteResult r) {
    readingsInserted.increment(r.readingsInserted());
    readingsDuplicate.increment(r.readingsDuplicate());
    eventsInserted.increment(r.eventsInserted());
    eventsDuplicate.increment(r.eventsDuplicate());
    // suspect readings are kept aside like quarantined ones but counted on their own, so the
    // outcomes add up to the rows submitted
    quarantined.increment(r.quarantined() - r.suspect());
    suspect.increment(r.suspect());
    refused.increment(r.refused());
  }

  void failure(boolean willRetry) {
    (willRetry ? transientFailures : permanentFailures).increment();
  }

  void deadLettered() {
    deadLettered.increment();
  }

  /** An Error (not an exception) out of a batch: the writer survived it. */
  void writerError() {
    writerErrors.increment();
  }

  void close() {
    registry.remove(queueRows);
  }
}
