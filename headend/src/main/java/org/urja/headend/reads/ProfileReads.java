package org.urja.headend.reads;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.commands.MeterConnector;
import org.urja.headend.commands.ReadProfile;
import org.urja.headend.commands.ReadProfile.Captured;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.Submission;
import org.urja.ingest.store.WriteResult;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.model.MeterModel;

/**
 * Reads one profile of one meter for a time range and stores what it holds through the normal
 * ingest writer, so duplicates, validation and suspect checks apply as to pushed data: reading the
 * same range twice stores nothing the second time. The meter is reached over its own connection
 * when it has one to this node, else dialled (and hung up when the read is done).
 */
public final class ProfileReads {
  private static final Logger log = LoggerFactory.getLogger(ProfileReads.class);

  /** What one read found (rows over all the profile's objects) and what the writer made of it. */
  public record Outcome(int rows, WriteResult written, Duration capturePeriod) {}

  private final MeterConnector connector;
  private final MeterModelResolver models;
  private final Function<Submission, CompletableFuture<WriteResult>> writer;
  private final MeterAddresses addresses;
  private final Executor executor;
  private final MeterRegistry registry;

  /**
   * @param writer the batch writer's submit
   * @param executor where database work after a read runs (never a Netty event loop)
   */
  public ProfileReads(
      MeterConnector connector,
      MeterModelResolver models,
      Function<Submission, CompletableFuture<WriteResult>> writer,
      MeterAddresses addresses,
      Executor executor,
      MeterRegistry registry) {
    this.connector = connector;
    this.models = models;
    this.writer = writer;
    this.addresses = addresses;
    this.executor = executor;
    this.registry = registry;
  }

  /** Reads rows whose capture time lies in [from, to] and stores them. */
  public CompletableFuture<Outcome> read(
      String serial, ProfileKind kind, Instant from, Instant to) {
    MeterModel model;
    try {
      model = models.modelFor(serial);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return connector
        .using(serial, client -> readAll(client, serial, kind, model, from, to))
        .thenComposeAsync(c -> store(serial, kind, c), executor)
        .whenComplete(
            (o, err) -> {
              Throwable cause = CommandRunner.unwrap(err);
              registry
                  .counter(
                      "urja.reads.profile",
                      "profile",
                      kind.wire(),
                      "outcome",
                      cause == null ? "ok" : cause.getClass().getSimpleName())
                  .increment();
              if (cause != null) {
                log.info("{} read of meter {} failed: {}", kind.wire(), serial, cause.getMessage());
              }
            });
  }

  private CompletableFuture<Outcome> store(String serial, ProfileKind kind, Captured c) {
    if (kind == ProfileKind.BLOCK_LOAD) {
      addresses.learnedCapturePeriod(serial, c.capturePeriod());
    }
    return writer
        .apply(new Submission(c.readings(), c.events()))
        .thenApply(w -> new Outcome(c.rows(), w, c.capturePeriod()));
  }

  /** The kind's objects one after the other; an event log the meter does not have is skipped. */
  private CompletableFuture<Captured> readAll(
      CosemClient client,
      String serial,
      ProfileKind kind,
      MeterModel model,
      Instant from,
      Instant to) {
    CompletableFuture<Captured> acc =
        CompletableFuture.completedFuture(new Captured(List.of(), List.of(), 0, Duration.ZERO));
    // of the seven event logs, read those the model lists (all seven when it lists none)
    List<CosemObject> objects =
        kind.objects().stream().filter(o -> model.profiles().containsKey(o.obis())).toList();
    for (CosemObject object : objects.isEmpty() ? kind.objects() : objects) {
      ReadProfile read = new ReadProfile(serial, object, from, to, model);
      acc =
          acc.thenCompose(
              sofar ->
                  read.capture(client)
                      .exceptionally(
                          e -> {
                            if (kind == ProfileKind.EVENTS
                                && CommandRunner.unwrap(e) instanceof CosemAccessException) {
                              return new Captured(List.of(), List.of(), 0, Duration.ZERO);
                            }
                            throw e instanceof RuntimeException r
                                ? r
                                : new java.util.concurrent.CompletionException(e);
                          })
                      .thenApply(next -> merge(sofar, next)));
    }
    return acc;
  }

  private static Captured merge(Captured a, Captured b) {
    List<Reading> readings = new ArrayList<>(a.readings());
    readings.addAll(b.readings());
    List<MeterEvent> events = new ArrayList<>(a.events());
    events.addAll(b.events());
    return new Captured(
        readings,
        events,
        a.rows() + b.rows(),
        a.capturePeriod().isZero() ? b.capturePeriod() : a.capturePeriod());
  }
}
