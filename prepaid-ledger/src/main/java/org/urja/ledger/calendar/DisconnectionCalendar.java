package org.urja.ledger.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.urja.ledger.account.UtilitySettings;

/**
 * When a utility may disconnect a consumer ("friendly hours" are when it may not): only between
 * {@code disconnectAllowedFrom} and {@code disconnectAllowedUntil} local time, and never on
 * Sundays, second Saturdays, (optionally) all Saturdays, or the utility's public holidays.
 */
public final class DisconnectionCalendar {

  /**
   * Far enough to cross any run of holidays; a calendar that blocks every day is a configuration
   * error.
   */
  private static final int MAX_DAYS_AHEAD = 366;

  private final UtilitySettings settings;
  private final Set<LocalDate> holidays;
  private final ZoneId zone;

  public DisconnectionCalendar(UtilitySettings settings, Set<LocalDate> holidays) {
    this.settings = settings;
    this.holidays = Set.copyOf(holidays);
    this.zone = ZoneId.of(settings.zone());
  }

  public boolean isAllowed(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    LocalTime time = local.toLocalTime();
    return !isNoDisconnectionDay(local.toLocalDate())
        && !time.isBefore(settings.disconnectAllowedFrom())
        && time.isBefore(settings.disconnectAllowedUntil());
  }

  /**
   * {@code instant} itself when disconnection is allowed then, else the start of the next allowed
   * window.
   */
  public Instant nextAllowedInstant(Instant instant) {
    if (isAllowed(instant)) {
      return instant;
    }
    ZonedDateTime local = instant.atZone(zone);
    LocalDate day = local.toLocalDate();
    if (isNoDisconnectionDay(day)
        || !local.toLocalTime().isBefore(settings.disconnectAllowedFrom())) {
      day = day.plusDays(1);
    }
    for (int i = 0; i < MAX_DAYS_AHEAD; i++, day = day.plusDays(1)) {
      if (!isNoDisconnectionDay(day)) {
        return day.atTime(settings.disconnectAllowedFrom()).atZone(zone).toInstant();
      }
    }
    throw new IllegalStateException(
        "no day allowed for disconnection within a year after " + instant);
  }

  public boolean isNoDisconnectionDay(LocalDate day) {
    DayOfWeek dow = day.getDayOfWeek();
    if (holidays.contains(day)) {
      return true;
    }
    if (dow == DayOfWeek.SUNDAY && settings.noDisconnectSundays()) {
      return true;
    }
    if (dow == DayOfWeek.SATURDAY) {
      boolean second = day.getDayOfMonth() > 7 && day.getDayOfMonth() <= 14;
      return settings.noDisconnectSaturdays() || (second && settings.noDisconnectSecondSaturdays());
    }
    return false;
  }
}
