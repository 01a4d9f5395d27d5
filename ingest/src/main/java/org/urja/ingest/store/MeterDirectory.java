package org.urja.ingest.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.identity.MeterSerials;

/**
 * Serial number → meter id, cached in memory. The batch writer resolves a whole batch's serials in
 * one call; only cache misses reach the database, in one query. Meters whose data must not enter
 * {@code readings} (unknown under QUARANTINE, or status quarantined) resolve to nothing, and so do
 * serials that break {@link MeterSerials}: those are counted and never registered or quarantined.
 * The directory owns the {@link ReadingChecks} its answers carry to the writer, and the {@link
 * SuspectReadings} they fill.
 */
public final class MeterDirectory {

  private static final Logger log = LoggerFactory.getLogger(MeterDirectory.class);

  private static final long REFUSAL_TTL_NANOS = Duration.ofSeconds(10).toNanos();
  private static final long REFUSAL_LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private static final String COLUMNS =
      "id, serial, utility, model, status, transport, remote_address, first_seen, last_seen, installed_at";

  private final DataSource dataSource;
  private final UnknownMeterPolicy policy;
  private final Map<String, Admitted> admitted = new ConcurrentHashMap<>();
  // Serials recently found not admitted, so a chatty unknown meter costs one query per TTL rather
  // than one per batch. Rows quarantined meanwhile are picked up by releaseRegistered().
  private final Map<String, Long> refusedUntilNanos = new ConcurrentHashMap<>();
  private final MeterSightingsBuffer sightings;
  private final Counter autoRegistered;
  private final Counter refusedSerials;
  private final AtomicLong nextRefusalLogNanos = new AtomicLong(System.nanoTime());
  private final ReadingChecks checks;
  private final SuspectReadings suspects;
  private final SuspectEvents suspectEvents;

  private record Admitted(long id, Instant installedAt) {}

  /**
   * With the default reading checks: a clock tolerance of {@link
   * ReadingChecks#DEFAULT_CLOCK_TOLERANCE}.
   */
  public MeterDirectory(DataSource dataSource, UnknownMeterPolicy policy, MeterRegistry metrics) {
    this(
        dataSource,
        policy,
        metrics,
        new ReadingChecks(Clock.systemUTC(), ReadingChecks.DEFAULT_CLOCK_TOLERANCE, metrics));
  }

  public MeterDirectory(
      DataSource dataSource,
      UnknownMeterPolicy policy,
      MeterRegistry metrics,
      ReadingChecks checks) {
    this.dataSource = dataSource;
    this.policy = policy;
    this.autoRegistered = metrics.counter("urja.ingest.meters.auto_registered");
    this.refusedSerials = metrics.counter("urja.ingest.serials.refused");
    this.checks = checks;
    this.suspects = new SuspectReadings(dataSource, checks);
    this.suspectEvents = new SuspectEvents(dataSource);
    this.sightings = new MeterSightingsBuffer(dataSource);
  }

  /** Readings the checks held back, for operators to release or discard. */
  public SuspectReadings suspects() {
    return suspects;
  }

  /** Events the clock checks held back, for operators. */
  public SuspectEvents suspectEvents() {
    return suspectEvents;
  }

  public UnknownMeterPolicy policy() {
    return policy;
  }

  /**
   * Ids of the serials whose data may be stored in {@code readings}. Under AUTO_REGISTER unknown
   * serials are registered first; under QUARANTINE they (and quarantined meters) are absent from
   * the result, and the caller diverts their data to the quarantine tables.
   */
  public AdmittedMeters resolveAll(Set<String> serials) throws SQLException {
    Map<String, Long> ids = new HashMap<>();
    Map<Long, Instant> installed = new HashMap<>();
    Set<String> misses = new HashSet<>();
    long now = System.nanoTime();
    for (String serial : serials) {
      Admitted a = admitted.get(serial);
      if (a != null) {
        ids.put(serial, a.id());
        if (a.installedAt() != null) {
          installed.put(a.id(), a.installedAt());
        }
      } else if (!MeterSerials.isValid(serial)) {
        refuse(serial);
      } else if (now - refusedUntilNanos.getOrDefault(serial, now) >= 0) {
        misses.add(serial);
      }
    }
    if (misses.isEmpty()) {
      return new AdmittedMeters(ids, installed, checks);
    }
    try (Connection c = dataSource.getConnection()) {
      Set<String> unknown = new HashSet<>(misses);
      for (Meter m : select(c, "serial = ANY(?)", misses)) {
        unknown.remove(m.serial());
        if (m.status() != MeterStatus.QUARANTINED) {
          admitted.put(m.serial(), new Admitted(m.id(), m.installedAt()));
          ids.put(m.serial(), m.id());
          if (m.installedAt() != null) {
            installed.put(m.id(), m.installedAt());
          }
        }
      }
      if (!unknown.isEmpty() && policy == UnknownMeterPolicy.AUTO_REGISTER) {
        ids.putAll(autoRegister(c, unknown));
      }
    }
    for (String serial : misses) {
      if (!ids.containsKey(serial)) {
        refusedUntilNanos.put(serial, now + REFUSAL_TTL_NANOS);
      } else {
        refusedUntilNanos.remove(serial);
      }
    }
    return new AdmittedMeters(ids, installed, checks);
  }

  /**
   * Counted always; logged at most once a minute, since a flood of bad serials is itself an attack.
   */
  private void refuse(String serial) {
    refusedSerials.increment();
    long now = System.nanoTime();
    long next = nextRefusalLogNanos.get();
    if (now - next >= 0 && nextRefusalLogNanos.compareAndSet(next, now + REFUSAL_LOG_EVERY_NANOS)) {
      log.warn(
          "Refused data for invalid meter serial '{}' ({}); further refusals this minute are only counted"
              + " (urja.ingest.serials.refused)",
          MeterSerials.printable(serial),
          MeterSerials.problem(serial).orElse(""));
    }
  }

  private Map<String, Long> autoRegister(Connection c, Set<String> serials) throws SQLException {
    Map<String, Long> ids = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO meters (serial, status, first_seen, last_seen)"
                + " SELECT s, 'auto_registered', now(), now() FROM unnest(?::text[]) AS s"
                + " ON CONFLICT (serial) DO NOTHING RETURNING serial, id")) {
      ps.setArray(1, c.createArrayOf("text", serials.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getLong(2));
          log.debug("Auto-registered meter {} on first sight", rs.getString(1));
          autoRegistered.increment();
        }
      }
    }
    if (!ids.isEmpty()) {
      // one line per batch: an outage restoration can bring thousands of new serials at once
      log.info(
          "Auto-registered {} meter(s) on first sight, e.g. {}",
          ids.size(),
          ids.keySet().iterator().next());
    }
    // Another node may have registered some of them between our SELECT and INSERT.
    Set<String> raced = new HashSet<>(serials);
    raced.removeAll(ids.keySet());
    if (!raced.isEmpty()) {
      for (Meter m : select(c, "serial = ANY(?)", raced)) {
        if (m.status() != MeterStatus.QUARANTINED) {
          ids.put(m.serial(), m.id());
        }
      }
    }
    // auto-registered meters have no installation time until an operator sets one
    ids.forEach((serial, id) -> admitted.put(serial, new Admitted(id, null)));
    return ids;
  }

  /**
   * Registers (or re-registers) a meter as {@code registered} and, in the same transaction, moves
   * any readings and events it had in quarantine into the time-series tables.
   */
  public Meter register(String serial, String utility, String model) throws SQLException {
    return register(serial, utility, model, null);
  }

  /**
   * As {@link #register(String, String, String)}, also recording when the meter was installed (null
   * keeps what is recorded): its readings from before then are held as suspect.
   *
   * @throws IllegalArgumentException when the serial breaks {@link MeterSerials}
   */
  public Meter register(String serial, String utility, String model, Instant installedAt)
      throws SQLException {
    MeterSerials.problem(serial)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Meter meter;
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO meters (serial, utility, model, status, installed_at) VALUES (?, ?, ?, 'registered', ?)"
                    + " ON CONFLICT (serial) DO UPDATE SET utility = EXCLUDED.utility,"
                    + " model = EXCLUDED.model, status = 'registered',"
                    + " installed_at = COALESCE(EXCLUDED.installed_at, meters.installed_at), updated_at = now()"
                    + " RETURNING "
                    + COLUMNS)) {
          ps.setString(1, serial);
          ps.setString(2, utility);
          ps.setString(3, model);
          ps.setTimestamp(4, installedAt == null ? null : Timestamp.from(installedAt));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            meter = toMeter(rs);
          }
        }
        int released = QuarantineStore.release(c, serial, meter.id(), checks.clockTolerance());
        c.commit();
        admitted.put(serial, new Admitted(meter.id(), meter.installedAt()));
        refusedUntilNanos.remove(serial);
        if (released > 0) {
          log.info("Registered meter {}; released {} quarantined rows", serial, released);
        }
        return meter;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Records when a meter was installed; its readings from before then are held as suspect from the
   * next batch on (on this node; other nodes when they next look the meter up). Empty when there is
   * no such meter.
   */
  public Optional<Meter> installed(String serial, Instant installedAt) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE meters SET installed_at = ?, updated_at = now()"
                    + " WHERE serial = ? RETURNING "
                    + COLUMNS)) {
      ps.setTimestamp(1, installedAt == null ? null : Timestamp.from(installedAt));
      ps.setString(2, serial);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Meter m = toMeter(rs);
        if (admitted.containsKey(serial)) {
          admitted.put(serial, new Admitted(m.id(), m.installedAt()));
        }
        return Optional.of(m);
      }
    }
  }

  /**
   * Moves quarantined rows of meters that are now admitted (registered on another node, or while a
   * batch was in flight) into the time-series tables. Run it periodically; returns rows moved.
   */
  public int releaseRegistered() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return QuarantineStore.releaseAdmitted(c, checks.clockTolerance());
    }
  }

  /**
   * Notes that a meter was heard from. Cheap and in memory; {@link #flushSightings()} writes the
   * latest sighting per meter in one statement, so last_seen is not an UPDATE per reading.
   */
  public void touch(String serial, String remoteAddress, String transport) {
    sightings.touch(serial, remoteAddress, transport);
  }

  /** Writes pending sightings to {@code meters}; returns how many meters were updated. */
  public int flushSightings() throws SQLException {
    return sightings.flush();
  }

  /** Flushes sightings every {@code period} (failures are logged; sightings are best effort). */
  public ScheduledFuture<?> scheduleSightingsFlush(
      ScheduledExecutorService scheduler, Duration period) {
    return scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            flushSightings();
          } catch (SQLException | RuntimeException e) {
            log.warn("Could not record meter sightings: {}", e.toString());
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public Optional<Meter> find(String serial) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      List<Meter> found = select(c, "serial = ANY(?)", Set.of(serial));
      return found.stream().findFirst();
    }
  }

  public List<Meter> list() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return select(c, "true", null);
    }
  }

  /** Drops cached ids, e.g. after an operator quarantined a meter directly in the database. */
  public void forget(String serial) {
    admitted.remove(serial);
    refusedUntilNanos.remove(serial);
  }

  private static List<Meter> select(Connection c, String where, Set<String> serials)
      throws SQLException {
    List<Meter> meters = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM meters WHERE " + where + " ORDER BY id")) {
      if (serials != null) {
        Array array = c.createArrayOf("text", serials.toArray());
        ps.setArray(1, array);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          meters.add(toMeter(rs));
        }
      }
    }
    return meters;
  }

  private static Meter toMeter(ResultSet rs) throws SQLException {
    return new Meter(
        rs.getLong("id"),
        rs.getString("serial"),
        rs.getString("utility"),
        rs.getString("model"),
        MeterStatus.fromDb(rs.getString("status")),
        rs.getString("transport"),
        rs.getString("remote_address"),
        instant(rs.getTimestamp("first_seen")),
        instant(rs.getTimestamp("last_seen")),
        instant(rs.getTimestamp("installed_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
