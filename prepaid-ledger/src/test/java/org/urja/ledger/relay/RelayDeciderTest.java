package org.urja.ledger.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.calendar.DisconnectionCalendar;

class RelayDeciderTest {

  private static final UtilitySettings UPPCL = UtilitySettings.defaults();
  private static final DisconnectionCalendar CALENDAR = new DisconnectionCalendar(UPPCL, Set.of());
  private static final Instant WEDNESDAY_NOON = ist("2026-11-18T12:00");

  private static Instant ist(String local) {
    return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Kolkata")).toInstant();
  }

  private static RelayDecision decide(
      long balance,
      Instant negativeSince,
      RelayState state,
      RelayAction pending,
      Instant noticeSentAt,
      Instant now) {
    return RelayDecider.decide(
        new RelayView(balance, negativeSince, state, pending, noticeSentAt), UPPCL, CALENDAR, now);
  }

  @Test
  void aNegativeBalanceWithinTheGracePeriodOnlyPlansTheDisconnection() {
    RelayDecision d =
        decide(-500, WEDNESDAY_NOON, RelayState.CONNECTED, null, null, ist("2026-11-20T12:00"));
    assertThat(d.action()).isNull();
    assertThat(d.plannedDisconnectAt())
        .isEqualTo(ist("2026-11-21T12:00")); // a third Saturday: a working day
  }

  @Test
  void theGraceOverInAllowedHoursAfterANoticeDisconnects() {
    RelayDecision d =
        decide(
            -500,
            ist("2026-11-16T12:00"),
            RelayState.CONNECTED,
            null,
            ist("2026-11-18T12:00"),
            ist("2026-11-19T12:00"));
    assertThat(d.action()).isEqualTo(RelayAction.DISCONNECT);
  }

  @Test
  void theGraceOverAtNightWaitsForMorning() {
    RelayDecision d =
        decide(
            -500,
            ist("2026-11-16T20:00"),
            RelayState.CONNECTED,
            null,
            ist("2026-11-18T12:00"),
            ist("2026-11-19T20:30"));
    assertThat(d.action()).isNull();
    assertThat(d.plannedDisconnectAt()).isEqualTo(ist("2026-11-20T08:00"));
  }

  @Test
  void lateDataShowingTheGraceAlreadyOverStillGivesTheMinimumNotice() {
    Instant longAgo = ist("2026-11-10T12:00");
    RelayDecision first =
        decide(-500, longAgo, RelayState.CONNECTED, null, null, ist("2026-11-19T09:00"));
    assertThat(first.action()).isNull();
    assertThat(first.plannedDisconnectAt())
        .isEqualTo(ist("2026-11-20T08:00")); // 12 h later is night

    Instant noticed = ist("2026-11-19T09:00");
    assertThat(
            decide(-500, longAgo, RelayState.CONNECTED, null, noticed, ist("2026-11-19T17:00"))
                .action())
        .isNull();
    assertThat(
            decide(-500, longAgo, RelayState.CONNECTED, null, noticed, ist("2026-11-20T08:00"))
                .action())
        .isEqualTo(RelayAction.DISCONNECT);
  }

  @Test
  void nothingIsRepeatedWhileADisconnectIsPendingOrDone() {
    Instant late = ist("2026-11-19T12:00");
    Instant noticed = ist("2026-11-11T12:00");
    assertThat(
            decide(
                    -500,
                    ist("2026-11-10T12:00"),
                    RelayState.CONNECTED,
                    RelayAction.DISCONNECT,
                    noticed,
                    late)
                .action())
        .isNull();
    assertThat(
            decide(-500, ist("2026-11-10T12:00"), RelayState.DISCONNECTED, null, noticed, late)
                .action())
        .isNull();
  }

  @Test
  void aRechargeToTheThresholdReconnectsOrCancelsThePendingDisconnect() {
    assertThat(decide(0, null, RelayState.DISCONNECTED, null, null, WEDNESDAY_NOON).action())
        .isEqualTo(RelayAction.RECONNECT);
    assertThat(
            decide(100, null, RelayState.CONNECTED, RelayAction.DISCONNECT, null, WEDNESDAY_NOON)
                .action())
        .isEqualTo(RelayAction.RECONNECT);
    assertThat(
            decide(100, null, RelayState.DISCONNECTED, RelayAction.RECONNECT, null, WEDNESDAY_NOON)
                .action())
        .isNull();
    assertThat(decide(100, null, RelayState.CONNECTED, null, null, WEDNESDAY_NOON).action())
        .isNull();
  }

  @Test
  void aConfiguredReconnectionMinimumKeepsTheRelayOpenUntilReached() {
    UtilitySettings minimum =
        new UtilitySettings(
            null, null, null, null, 10_000L, null, null, null, null, null, null, null, null, null,
            null, null, null);
    RelayDecision below =
        RelayDecider.decide(
            new RelayView(5_000, null, RelayState.DISCONNECTED, null, null),
            minimum,
            CALENDAR,
            WEDNESDAY_NOON);
    RelayDecision reached =
        RelayDecider.decide(
            new RelayView(10_000, null, RelayState.DISCONNECTED, null, null),
            minimum,
            CALENDAR,
            WEDNESDAY_NOON);
    assertThat(below.action()).isNull();
    assertThat(reached.action()).isEqualTo(RelayAction.RECONNECT);
  }

  @Test
  void aConsumerLivingOnEmergencyCreditIsNeitherNoticedNorDisconnected() {
    UtilitySettings ukStyle = UPPCL.withGraceDays(0).withEmergencyCredit(50_000);
    DisconnectionCalendar calendar = new DisconnectionCalendar(ukStyle, Set.of());
    Instant longAgo = ist("2026-11-10T12:00");
    RelayDecision within =
        RelayDecider.decide(
            new RelayView(-50_000, longAgo, RelayState.CONNECTED, null, null),
            ukStyle,
            calendar,
            WEDNESDAY_NOON);
    assertThat(within.action()).isNull();
    assertThat(within.plannedDisconnectAt()).isNull();

    // one paisa beyond the emergency credit: the notice goes out now and the disconnection follows
    // it
    RelayDecision beyond =
        RelayDecider.decide(
            new RelayView(-50_001, longAgo, RelayState.CONNECTED, null, null),
            ukStyle,
            calendar,
            WEDNESDAY_NOON);
    assertThat(beyond.action()).isNull();
    assertThat(beyond.plannedDisconnectAt())
        .isEqualTo(ist("2026-11-19T08:00")); // 12 h notice, then morning
    RelayDecision noticed =
        RelayDecider.decide(
            new RelayView(-50_001, longAgo, RelayState.CONNECTED, null, WEDNESDAY_NOON),
            ukStyle,
            calendar,
            ist("2026-11-19T08:00"));
    assertThat(noticed.action()).isEqualTo(RelayAction.DISCONNECT);
  }

  @Test
  void emergencyCreditCannotBeNegative() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> UPPCL.withEmergencyCredit(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("emergencyCreditPaise");
  }
}
