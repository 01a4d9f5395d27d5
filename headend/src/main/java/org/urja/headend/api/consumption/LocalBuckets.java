package org.urja.headend.api.consumption;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Buckets of the utility's civil time: quarter hours and hours on the local clock, days from local
 * midnight, months from the first's local midnight. In India an hour is 18:30–19:30 UTC and a day
 * starts at 18:30 UTC, so a consumer's day and its hours add up; quarter hours are the same in
 * every zone whose offset is a whole number of quarter hours (all of them today).
 */
public enum LocalBuckets {
  FIFTEEN_MINUTES("15m"),
  HOUR("1h"),
  DAY("1d"),
  MONTH("1mo");

  private final String name;

  LocalBuckets(String name) {
    this.name = name;
  }

  public String label() {
    return name;
  }

  public static Optional<LocalBuckets> named(String name) {
    for (LocalBuckets b : values()) {
      if (b.name.equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The start of the bucket holding {@code t}. */
  public Instant floor(Instant t, ZoneId zone) {
    ZonedDateTime z = t.atZone(zone);
    return switch (this) {
      case FIFTEEN_MINUTES ->
          z.truncatedTo(ChronoUnit.HOURS).plusMinutes(z.getMinute() / 15 * 15L).toInstant();
      case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY -> z.toLocalDate().atStartOfDay(zone).toInstant();
      case MONTH -> z.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
    };
  }

  /** The start of the bucket after the one starting at {@code start}. */
  public Instant next(Instant start, ZoneId zone) {
    return switch (this) {
      // on the instant line: a DST change of a whole hour keeps quarter hours and hours aligned
      case FIFTEEN_MINUTES -> start.plus(15, ChronoUnit.MINUTES);
      case HOUR -> start.plus(1, ChronoUnit.HOURS);
      // on the local calendar: a day is 23 or 25 hours where clocks change
      case DAY -> nextLocal(start, zone, 1, ChronoUnit.DAYS);
      case MONTH -> nextLocal(start, zone, 1, ChronoUnit.MONTHS);
    };
  }

  private static Instant nextLocal(Instant start, ZoneId zone, long n, ChronoUnit unit) {
    LocalDate day = start.atZone(zone).toLocalDate().plus(n, unit);
    return day.atStartOfDay(zone).toInstant();
  }

  /**
   * The boundaries of every bucket that overlaps {@code [from, to)}: the first at or before {@code
   * from}, the last at or after {@code to}.
   */
  public List<Instant> boundaries(Instant from, Instant to, ZoneId zone) {
    List<Instant> out = new ArrayList<>();
    Instant b = floor(from, zone);
    out.add(b);
    while (b.isBefore(to)) {
      b = next(b, zone);
      out.add(b);
    }
    if (out.size() == 1) {
      out.add(next(b, zone));
    }
    return out;
  }
}
