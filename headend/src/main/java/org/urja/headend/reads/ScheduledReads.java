package org.urja.headend.reads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.commands.CommandRunner;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.model.MeterModel;

/**
 * The scheduled round of profile reads. Each round takes the meters this node can reach — those
 * with a dial address that are not connected to another node, and those connected here — and for
 * each profile their schedule makes due, claims the read in {@code meter_read_state} (so two nodes
 * never read the same meter's profile in one period) and reads:
 *
 * <ul>
 *   <li>block load: only the intervals missing from storage within {@code lookback} (a gap in
 *       pushes, or everything since the last stored row); a meter with nothing missing is not
 *       called at all;
 *   <li>daily load and events: since the last successful read (or {@code lookback});
 *   <li>billing: once after each month end in the utility's zone.
 * </ul>
 *
 * At most {@code maxInFlight} reads run at once, and none holds a thread while it waits on a meter;
 * dialling is further bounded by {@link DialOut}.
 */
public final class ScheduledReads {
  private static final Logger log = LoggerFactory.getLogger(ScheduledReads.class);

  /** What a round did. */
  public record Round(int meters, int claimed, int read, int upToDate, int failed) {}

  /** How rounds behave. */
  public record Settings(
      Duration lookback, Duration defaultCapturePeriod, int maxInFlight, ZoneId zone) {}

  private record Candidate(String serial, String utility, String model, Duration capturePeriod) {}

  /**
   * @param backfill an after-downtime read: only gaps between stored intervals, whatever the
   *     schedule
   */
  private record Claim(Candidate meter, ProfileKind kind, Instant lastSuccess, boolean backfill) {}

  private final DataSource dataSource;
  private final ProfileReads reads;
  private final IntervalGaps gaps;
  private final ReadState state;
  private final MeterSessions sessions;
  private final MeterModelResolver models;
  private final Settings settings;
  private final String nodeId;
  private final Executor executor;
  private final AtomicBoolean running = new AtomicBoolean();

  public ScheduledReads(
      DataSource dataSource,
      ProfileReads reads,
      MeterSessions sessions,
      MeterModelResolver models,
      Settings settings,
      String nodeId,
      Executor executor) {
    this.dataSource = dataSource;
    this.reads = reads;
    this.gaps = new IntervalGaps(dataSource);
    this.state = new ReadState(dataSource);
    this.sessions = sessions;
    this.models = models;
    this.settings = settings;
    this.nodeId = nodeId;
    this.executor = executor;
  }

  /** Runs one round unless one is still running (then completes at once with an empty round). */
  public CompletableFuture<Round> runRound(Instant now) {
    return round(now, null);
  }

  /**
   * The back-fill after downtime: reads the block load of {@code only} (meters this node reaches)
   * where intervals are missing before the newest stored one within {@code lookback} — pushes lost
   * while the head-end was down or killed, or written into a connection that had died (a
   * DataNotification is unconfirmed: the meter never sends it again, but its block load still holds
   * the interval). Unlike {@link #runRound} it does not wait for the schedule's period (the meter
   * may have been read just before the node went down), and it leaves alone a meter's leading gap
   * (nothing stored before it: a new meter, or data older than the meter's history) and trailing
   * gap (a push that may still be due), which the scheduled rounds handle.
   */
  public CompletableFuture<Round> backfillRound(Instant now, Set<String> only) {
    return round(now, only);
  }

  /** A round is running (a back-fill asked for now would be skipped). */
  public boolean busy() {
    return running.get();
  }

  /**
   * @param backfillOnly null: a scheduled round; else a back-fill of these meters
   */
  private CompletableFuture<Round> round(Instant now, Set<String> backfillOnly) {
    if (!running.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(new Round(0, 0, 0, 0, 0));
    }
    boolean backfill = backfillOnly != null;
    try {
      List<Candidate> meters =
          backfill
              ? candidates().stream().filter(m -> backfillOnly.contains(m.serial())).toList()
              : candidates();
      ReadSchedules schedules = ReadSchedules.load(dataSource);
      List<Claim> claims = new ArrayList<>();
      for (ProfileKind kind :
          backfill ? List.of(ProfileKind.BLOCK_LOAD) : List.of(ProfileKind.values())) {
        claims.addAll(claim(meters, kind, schedules, now, backfill));
      }
      AtomicInteger read = new AtomicInteger();
      AtomicInteger upToDate = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      List<Supplier<CompletableFuture<Void>>> tasks = new ArrayList<>();
      for (Claim c : claims) {
        tasks.add(() -> readOne(c, now, read, upToDate, failed));
      }
      return BoundedRound.run(tasks.iterator(), settings.maxInFlight(), executor)
          .thenApply(
              v ->
                  new Round(meters.size(), claims.size(), read.get(), upToDate.get(), failed.get()))
          .whenComplete(
              (r, e) -> {
                running.set(false);
                if (r != null && (r.claimed() > 0 || backfill)) {
                  log.info(
                      "{}: {}",
                      backfill ? "back-fill of (re)connected meters" : "scheduled reads",
                      r);
                }
              });
    } catch (RuntimeException e) {
      running.set(false);
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> readOne(
      Claim c, Instant now, AtomicInteger read, AtomicInteger upToDate, AtomicInteger failed) {
    String serial = c.meter().serial();
    return CompletableFuture.supplyAsync(() -> range(c, now), executor)
        .thenCompose(
            range -> {
              if (range == null) {
                upToDate.incrementAndGet();
                return CompletableFuture.completedFuture(null);
              }
              read.incrementAndGet();
              return reads.read(serial, c.kind(), range[0], range[1]).thenApply(o -> null);
            })
        .handleAsync(
            (v, err) -> {
              if (err != null) {
                failed.incrementAndGet();
                log.info(
                    "scheduled {} read of meter {} failed: {}",
                    c.kind().wire(),
                    serial,
                    CommandRunner.unwrap(err).toString());
              }
              state.recordOutcome(
                  serial, c.kind(), now, err == null ? null : CommandRunner.unwrap(err).toString());
              return null;
            },
            executor);
  }

  /** The range to read, or null when nothing is due (no gap, billing already read this month). */
  private Instant[] range(Claim c, Instant now) {
    Instant lookbackStart = now.minus(settings.lookback());
    switch (c.kind()) {
      case BLOCK_LOAD -> {
        Duration p = c.meter().capturePeriod();
        List<IntervalGaps.Gap> missing =
            c.backfill()
                ? gaps.beforeNewest(c.meter().serial(), lookbackStart, now, p)
                : gaps.missing(c.meter().serial(), lookbackStart, now, p);
        if (missing.isEmpty()) {
          return null;
        }
        // one range read from the first missing interval to the last: rows in between are
        // duplicates
        return new Instant[] {
          missing.get(0).from(), missing.get(missing.size() - 1).to().plus(p).minusSeconds(1)
        };
      }
      case BILLING -> {
        Instant monthStart =
            ZonedDateTime.ofInstant(now, settings.zone())
                .withDayOfMonth(1)
                .toLocalDate()
                .atStartOfDay(settings.zone())
                .toInstant();
        if (c.lastSuccess() != null && !c.lastSuccess().isBefore(monthStart)) {
          return null;
        }
        return new Instant[] {
          c.lastSuccess() == null ? now.minus(Duration.ofDays(400)) : c.lastSuccess(), now
        };
      }
      default -> {
        return new Instant[] {c.lastSuccess() == null ? lookbackStart : c.lastSuccess(), now};
      }
    }
  }

  private List<Candidate> candidates() {
    String[] here = sessions.all().stream().map(MeterSession::serial).toArray(String[]::new);
    String sql =
        "SELECT m.serial, m.utility, m.model, m.capture_period_s FROM ingest_api.meters m WHERE m.status <> 'quarantined' "
            + "AND ((m.dial_address IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ingest_api.meter_sessions s "
            + "WHERE s.meter_serial = m.serial AND s.node_id <> ?)) OR m.serial = ANY(?)) ORDER BY m.serial";
    List<Candidate> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, nodeId == null ? "" : nodeId);
      ps.setArray(2, c.createArrayOf("text", here));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int p = rs.getInt(4);
          Duration period = rs.wasNull() ? settings.defaultCapturePeriod() : Duration.ofSeconds(p);
          out.add(new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), period));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not list meters to read: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Claims due reads of {@code kind}: one statement per distinct period. A back-fill claims
   * whatever the period (it is still a claim, so a round running on another node at the same
   * instant does not read the same meter twice).
   */
  private List<Claim> claim(
      List<Candidate> meters,
      ProfileKind kind,
      ReadSchedules schedules,
      Instant now,
      boolean backfill) {
    Map<Duration, List<Candidate>> byPeriod = new LinkedHashMap<>();
    for (Candidate m : meters) {
      if (!hasProfile(m, kind)) {
        continue;
      }
      schedules
          .every(m.utility(), m.model(), kind)
          .map(every -> backfill ? Duration.ZERO : every)
          .ifPresent(every -> byPeriod.computeIfAbsent(every, e -> new ArrayList<>()).add(m));
    }
    List<Claim> out = new ArrayList<>();
    for (Map.Entry<Duration, List<Candidate>> e : byPeriod.entrySet()) {
      Map<String, Candidate> bySerial = new LinkedHashMap<>();
      e.getValue().forEach(m -> bySerial.put(m.serial(), m));
      state
          .claim(bySerial.keySet(), kind, now, e.getKey())
          .forEach(
              (serial, last) -> out.add(new Claim(bySerial.get(serial), kind, last, backfill)));
    }
    return out;
  }

  /**
   * Block load is read from every meter; the other profiles only where the meter's model lists
   * them.
   */
  private boolean hasProfile(Candidate m, ProfileKind kind) {
    if (kind == ProfileKind.BLOCK_LOAD) {
      return true;
    }
    MeterModel model;
    try {
      model = models.modelFor(m.serial());
    } catch (RuntimeException e) {
      return false;
    }
    for (CosemObject o : kind.objects()) {
      if (model.profiles().containsKey(o.obis())) {
        return true;
      }
    }
    return false;
  }
}
