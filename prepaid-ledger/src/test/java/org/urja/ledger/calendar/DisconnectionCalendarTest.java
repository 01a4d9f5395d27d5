package org.urja.ledger.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.UtilitySettings;

class DisconnectionCalendarTest {

  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");

  private static Instant ist(String local) {
    return LocalDateTime.parse(local).atZone(IST).toInstant();
  }

  private final DisconnectionCalendar uppcl =
      new DisconnectionCalendar(UtilitySettings.defaults(), Set.of(LocalDate.of(2026, 11, 22)));

  @Test
  void graceEndingSaturdayNightBeforeASundayHolidayWaitsUntilMondayMorning() {
    assertThat(uppcl.nextAllowedInstant(ist("2026-11-21T20:00")))
        .isEqualTo(ist("2026-11-23T08:00"));
  }

  @Test
  void aMondayHolidayPushesItToTuesday() {
    DisconnectionCalendar withMondayHoliday =
        new DisconnectionCalendar(
            UtilitySettings.defaults(),
            Set.of(LocalDate.of(2026, 11, 22), LocalDate.of(2026, 11, 23)));
    assertThat(withMondayHoliday.nextAllowedInstant(ist("2026-11-21T20:00")))
        .isEqualTo(ist("2026-11-24T08:00"));
  }

  @Test
  void theSecondSaturdayIsAFriendlyDayButOtherSaturdaysAreNot() {
    assertThat(uppcl.nextAllowedInstant(ist("2026-11-13T19:00")))
        .isEqualTo(ist("2026-11-16T08:00"));
    assertThat(uppcl.isAllowed(ist("2026-11-14T10:00"))).isFalse();
    assertThat(uppcl.isAllowed(ist("2026-11-21T10:00"))).isTrue();
    assertThat(uppcl.isAllowed(ist("2026-11-07T10:00"))).isTrue();
  }

  @Test
  void nightsAreFriendlyHoursFromSixInTheEveningToEightInTheMorning() {
    assertThat(uppcl.isAllowed(ist("2026-11-18T17:59"))).isTrue();
    assertThat(uppcl.isAllowed(ist("2026-11-18T18:00"))).isFalse();
    assertThat(uppcl.nextAllowedInstant(ist("2026-11-18T07:15")))
        .isEqualTo(ist("2026-11-18T08:00"));
    assertThat(uppcl.nextAllowedInstant(ist("2026-11-18T23:00")))
        .isEqualTo(ist("2026-11-19T08:00"));
    assertThat(uppcl.nextAllowedInstant(ist("2026-11-18T11:00")))
        .isEqualTo(ist("2026-11-18T11:00"));
  }

  @Test
  void aUtilityThatDisconnectsOnlyOnWorkingDaysBetweenTenAndTwo() {
    UtilitySettings strict =
        new UtilitySettings(
            List.of(30, 10, 0),
            null,
            null,
            null,
            null,
            null,
            LocalTime.of(10, 0),
            LocalTime.of(14, 0),
            true,
            true,
            true,
            null,
            null,
            null,
            null,
            null,
            null);
    DisconnectionCalendar calendar = new DisconnectionCalendar(strict, Set.of());

    assertThat(calendar.nextAllowedInstant(ist("2026-11-20T14:00")))
        .isEqualTo(ist("2026-11-23T10:00"));
    assertThat(calendar.nextAllowedInstant(ist("2026-11-23T09:00")))
        .isEqualTo(ist("2026-11-23T10:00"));
  }
}
