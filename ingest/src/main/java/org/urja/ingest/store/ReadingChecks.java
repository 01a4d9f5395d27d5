package org.urja.ingest.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.urja.ingest.reading.MeterEvent;

/**
 * Decides which readings are too doubtful to store and charge: timestamped beyond the clock
 * tolerance in the future, from before the meter's installation, or a cumulative energy register
 * (OBIS D = 8) that is negative or lower than the latest value stored for it. Such readings are
 * held in {@code suspect_readings} for an operator instead.
 *
 * <p>The register check is set-based: the latest value per (meter, register) is cached in memory,
 * warmed by one query per batch for the series the cache has not seen, and advanced by each batch
 * as it is judged. The cache only ever runs behind the database by readings that failed to commit,
 * and those passed the same check, so a genuine reading is never held because of it. Only readings
 * newer than the latest known value are judged; an older one (backfill of a profile) is left to the
 * duplicate check. Events are held by the same clock checks (future, before installation) in {@code
 * suspect_events}. Another node's writes are not seen until this node's entry is forgotten: a
 * register running backwards across nodes can be missed, never invented.
 */
public final class ReadingChecks {
  public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofMinutes(15);

  /** Why a reading is held; the text is the {@code reason} column and the metric tag. */
  public enum Reason {
    FUTURE("future"),
    BEFORE_INSTALLATION("before_installation"),
    REGISTER_BACKWARDS("register_backwards"),
    NEGATIVE_REGISTER("negative_register");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** A reading the checks refused, with why in words for the operator. */
  record Suspect(ResolvedReading reading, Reason reason, String detail) {}

  /**
   * An event the clock checks refused (only {@link Reason#FUTURE} and {@link
   * Reason#BEFORE_INSTALLATION}).
   */
  record SuspectEvent(EventKey key, MeterEvent event, Reason reason, String detail) {}

  private record Refusal(Reason reason, String detail) {}

  private record Series(long meterId, String obis) {}

  /** The latest stored value of a series; {@link #NONE} when it has no stored reading yet. */
  private record Latest(Instant ts, BigDecimal value) {}

  private static final Latest NONE = new Latest(Instant.MIN, null);

  private final Clock clock;
  private final Duration clockTolerance;
  private final Map<Series, Latest> latest = new ConcurrentHashMap<>();
  private final Map<Reason, Counter> held = new EnumMap<>(Reason.class);
  private final Map<Reason, Counter> heldEvents = new EnumMap<>(Reason.class);

  public ReadingChecks(Clock clock, Duration clockTolerance, MeterRegistry registry) {
    if (clockTolerance.isNegative()) {
      throw new IllegalArgumentException("clock tolerance must not be negative: " + clockTolerance);
    }
    this.clock = clock;
    this.clockTolerance = clockTolerance;
    for (Reason r : Reason.values()) {
      held.put(r, registry.counter("urja.ingest.readings.suspect", "reason", r.text()));
    }
    for (Reason r : List.of(Reason.FUTURE, Reason.BEFORE_INSTALLATION)) {
      heldEvents.put(r, registry.counter("urja.ingest.events.suspect", "reason", r.text()));
    }
  }

  public Duration clockTolerance() {
    return clockTolerance;
  }

  /** A cumulative energy register: its value may only grow. */
  static boolean isCumulative(ResolvedReading r) {
    return r.source().obis().d() == 8;
  }

  /**
   * Judges a batch's distinct readings inside the writer's transaction; returns the suspects by
   * key. At most one query, for register series this node has not seen yet.
   */
  Map<ReadingKey, Suspect> judge(
      Connection c, Collection<ResolvedReading> readings, AdmittedMeters meters)
      throws SQLException {
    warm(c, readings);
    Instant horizon = clock.instant().plus(clockTolerance);
    Map<ReadingKey, Suspect> suspects = new LinkedHashMap<>();
    for (ResolvedReading r : readings) {
      Suspect s = judgeOne(r, horizon, meters.installedAt(r.meterId()));
      if (s != null) {
        suspects.put(r.key(), s);
        held.get(s.reason()).increment();
      }
    }
    return suspects;
  }

  /**
   * Judges a batch's distinct events by their timestamps alone (an event has no register to run
   * backwards); returns the suspects by key. Events move things too (a meter's word that it
   * switched payment mode reaches the ledger), so a claimed date is checked as a reading's is.
   */
  Map<EventKey, SuspectEvent> judgeEvents(Map<EventKey, MeterEvent> events, AdmittedMeters meters) {
    Instant horizon = clock.instant().plus(clockTolerance);
    Map<EventKey, SuspectEvent> suspects = new LinkedHashMap<>();
    for (Map.Entry<EventKey, MeterEvent> e : events.entrySet()) {
      Refusal refusal =
          clockRefusal(e.getKey().ts(), horizon, meters.installedAt(e.getKey().meterId()));
      if (refusal != null) {
        suspects.put(
            e.getKey(),
            new SuspectEvent(e.getKey(), e.getValue(), refusal.reason(), refusal.detail()));
        heldEvents.get(refusal.reason()).increment();
      }
    }
    return suspects;
  }

  private Refusal clockRefusal(Instant ts, Instant horizon, Instant installedAt) {
    if (ts.isAfter(horizon)) {
      return new Refusal(
          Reason.FUTURE,
          "timestamp " + ts + " is more than " + clockTolerance + " ahead of the head-end's clock");
    }
    if (installedAt != null && ts.isBefore(installedAt)) {
      return new Refusal(
          Reason.BEFORE_INSTALLATION,
          "timestamp " + ts + " is before the meter's installation at " + installedAt);
    }
    return null;
  }

  private Suspect judgeOne(ResolvedReading r, Instant horizon, Instant installedAt) {
    Refusal refusal = clockRefusal(r.ts(), horizon, installedAt);
    if (refusal != null) {
      return new Suspect(r, refusal.reason(), refusal.detail());
    }
    if (!isCumulative(r)) {
      return null;
    }
    if (r.value().signum() < 0) {
      return new Suspect(
          r,
          Reason.NEGATIVE_REGISTER,
          "cumulative register " + r.obis() + " is negative: " + r.value().toPlainString());
    }
    Series series = new Series(r.meterId(), r.obis());
    Latest before = latest.get(series);
    if (before == null) {
      before = NONE;
    }
    if (!r.ts().isAfter(before.ts())) {
      return null;
    }
    if (before.value() != null && r.value().compareTo(before.value()) < 0) {
      return new Suspect(
          r,
          Reason.REGISTER_BACKWARDS,
          "cumulative register "
              + r.obis()
              + " went from "
              + before.value().toPlainString()
              + " at "
              + before.ts()
              + " down to "
              + r.value().toPlainString());
    }
    latest.merge(series, new Latest(r.ts(), r.value()), (a, b) -> b.ts().isAfter(a.ts()) ? b : a);
    return null;
  }

  private void warm(Connection c, Collection<ResolvedReading> readings) throws SQLException {
    Set<Series> missing = new HashSet<>();
    for (ResolvedReading r : readings) {
      if (isCumulative(r)) {
        Series s = new Series(r.meterId(), r.obis());
        if (!latest.containsKey(s)) {
          missing.add(s);
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<Long> ids = new ArrayList<>(missing.size());
    List<String> obis = new ArrayList<>(missing.size());
    for (Series s : missing) {
      ids.add(s.meterId());
      obis.add(s.obis());
    }
    Map<Series, Latest> found = new java.util.HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT k.meter_id, k.obis, r.ts, r.value FROM unnest(?::bigint[], ?::text[]) AS k(meter_id, obis)"
                + " CROSS JOIN LATERAL (SELECT ts, value FROM readings WHERE meter_id = k.meter_id AND obis = k.obis"
                + " ORDER BY ts DESC LIMIT 1) r")) {
      ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      ps.setArray(2, c.createArrayOf("text", obis.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(
              new Series(rs.getLong(1), rs.getString(2)),
              new Latest(rs.getTimestamp(3).toInstant(), rs.getBigDecimal(4)));
        }
      }
    }
    for (Series s : missing) {
      latest.merge(s, found.getOrDefault(s, NONE), (a, b) -> b.ts().isAfter(a.ts()) ? b : a);
    }
  }

  /** Drops what is known of a meter's registers, so the next batch reads them from the database. */
  void forget(long meterId, String obis) {
    latest.remove(new Series(meterId, obis));
  }
}
