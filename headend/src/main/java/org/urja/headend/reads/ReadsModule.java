package org.urja.headend.reads;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.auth.Access;
import org.urja.headend.commands.MeterConnector;
import org.urja.headend.commands.MeterDialler;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.Submission;
import org.urja.ingest.store.WriteResult;

/**
 * Head-end-initiated reads assembled: the bounded dial-out, profile reads on demand and on
 * schedule, and completeness. Built in two steps because the {@link MeterConnector} needs the
 * dialler and the reads need the connector: {@link #dialler()} first, then {@link #start}.
 */
public final class ReadsModule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadsModule.class);

  private final DataSource dataSource;
  private final ReadsSettings settings;
  private final MeterRegistry registry;
  private final DialOut dialOut;
  private final MeterAddresses addresses;
  private final ExecutorService executor;
  private final Completeness completeness;
  private ProfileReads reads;
  private OnDemandReads onDemand;
  private ReadJobs jobs;
  private ScheduledReads scheduled;
  private StoreGate storeGate;

  public ReadsModule(DataSource dataSource, ReadsSettings settings, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.registry = registry;
    this.dialOut =
        new DialOut(
            new DialOut.Settings(
                settings.dialMax(),
                settings.dialConnectTimeout(),
                settings.dialIdle(),
                settings.dialIoThreads(),
                0xFFFF),
            registry);
    this.addresses = new MeterAddresses(dataSource);
    AtomicInteger n = new AtomicInteger();
    // database work between reads: small, because the reads themselves wait on no thread
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "urja-reads-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.completeness = new Completeness(dataSource, settings.zone(), settings.capturePeriod());
  }

  /** Dials meters at their operator-set addresses; hand it to the {@link MeterConnector}. */
  public MeterDialler dialler() {
    return new ListeningMeters(addresses, dialOut);
  }

  /**
   * Starts reading: on demand at once, on schedule every {@code reads.every} (PT0S: never), and
   * {@code reads.backfill.after.connect} after each meter (re)connected here, the back-fill of what
   * its lost pushes missed.
   */
  public ReadsModule start(
      MeterConnector connector,
      MeterModelResolver models,
      Function<Submission, java.util.concurrent.CompletableFuture<WriteResult>> writer,
      MeterSessions sessions,
      String nodeId,
      ScheduledExecutorService scheduler,
      Clock clock,
      BooleanSupplier storeKeepsUp) {
    this.storeGate = new StoreGate(storeKeepsUp, registry);
    reads = new ProfileReads(connector, models, writer, addresses, executor, registry);
    jobs = new ReadJobs(dataSource);
    onDemand = new OnDemandReads(jobs, reads, executor);
    scheduled =
        new ScheduledReads(
            dataSource,
            reads,
            sessions,
            models,
            new ScheduledReads.Settings(
                settings.lookback(), settings.capturePeriod(), settings.dialMax(), settings.zone()),
            nodeId,
            executor);
    Duration every = settings.every();
    if (!every.isZero()) {
      scheduler.scheduleWithFixedDelay(
          () -> runRound(clock), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
    // after downtime (a restart, a crash, kill -9) the pushes that were in flight are gone for good
    // unless read back from the meters' block load: once a meter has been connected a while again,
    // do so
    Duration settle = settings.backfillAfterConnect();
    if (!settle.isZero()) {
      ReconnectBackfill due = new ReconnectBackfill(sessions, settle);
      long tick = Math.max(1_000, settle.toMillis() / 4);
      scheduler.scheduleWithFixedDelay(
          () -> backfill(due, clock), tick, tick, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void runRound(Clock clock) {
    if (!storeGate.open()) {
      return;
    }
    try {
      int abandoned = jobs.abandonOlderThan(Duration.ofHours(1));
      if (abandoned > 0) {
        log.warn(
            "{} read jobs were left unfinished by a stopped head-end and are marked failed",
            abandoned);
      }
      // returns once the round is under way (its reads wait on no thread); a round still running is
      // not doubled
      scheduled
          .runRound(clock.instant())
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  log.warn("scheduled read round failed: {}", e.toString());
                }
              });
    } catch (RuntimeException e) {
      log.warn("scheduled read round failed: {}", e.toString());
    }
  }

  private void backfill(ReconnectBackfill due, Clock clock) {
    if (!storeGate.open()) {
      return; // the meters stay due
    }
    try {
      if (scheduled.busy()) {
        return; // next tick: the meters are still due
      }
      Instant now = clock.instant();
      java.util.Set<String> serials = due.due(now);
      if (serials.isEmpty()) {
        return;
      }
      due.checked(serials);
      scheduled
          .backfillRound(now, serials)
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  log.warn("back-fill of (re)connected meters failed: {}", e.toString());
                }
              });
    } catch (RuntimeException e) {
      log.warn("back-fill of (re)connected meters failed: {}", e.toString());
    }
  }

  public void register(Router router, Rows rows, Access access) {
    new ReadsApi(dataSource, rows, access, addresses, onDemand, completeness, settings.zone())
        .register(router);
  }

  public MeterAddresses addresses() {
    return addresses;
  }

  public OnDemandReads onDemand() {
    return onDemand;
  }

  public ScheduledReads scheduled() {
    return scheduled;
  }

  public Completeness completeness() {
    return completeness;
  }

  public DialOut dialOut() {
    return dialOut;
  }

  @Override
  public void close() {
    dialOut.close();
    executor.shutdownNow();
  }
}
