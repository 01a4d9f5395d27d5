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

  private static final DisconnectionCalendar CALENDAR = new DisconnectionCalendar(UtilitySettings.defaults(), Set.of());
  private static final Instant WEDNESDAY_NOON = ist("2026-11-18T12:00");

  private static Instant ist(String local) {
    return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Kolkata")).toInstant();
  }

  private static RelayDecision decide(long balance, Instant negativeSince, RelayState state, RelayAction pending,
      Instant now) {
    return RelayDecider.decide(balance, negativeSince, state, pending, 3, 0, CALENDAR, now);
  }

  @Test
  void aNegativeBalanceWithinTheGracePeriodOnlyPlansTheDisconnection() {
    RelayDecision d = decide(-500, WEDNESDAY_NOON, RelayState.CONNECTED, null, ist("2026-11-20T12:00"));
    assertThat(d.action()).isNull();
    assertThat(d.plannedDisconnectAt()).isEqualTo(ist("2026-11-21T12:00")); // a third Saturday: a working day
  }

  @Test
  void theGraceOverInAllowedHoursDisconnects() {
    RelayDecision d = decide(-500, ist("2026-11-16T12:00"), RelayState.CONNECTED, null, ist("2026-11-19T12:00"));
    assertThat(d.action()).isEqualTo(RelayAction.DISCONNECT);
  }

  @Test
  void theGraceOverAtNightWaitsForMorning() {
    RelayDecision d = decide(-500, ist("2026-11-16T20:00"), RelayState.CONNECTED, null, ist("2026-11-19T20:30"));
    assertThat(d.action()).isNull();
    assertThat(d.plannedDisconnectAt()).isEqualTo(ist("2026-11-20T08:00"));
  }

  @Test
  void nothingIsRepeatedWhileADisconnectIsPendingOrDone() {
    Instant late = ist("2026-11-19T12:00");
    assertThat(decide(-500, ist("2026-11-10T12:00"), RelayState.CONNECTED, RelayAction.DISCONNECT, late).action())
        .isNull();
    assertThat(decide(-500, ist("2026-11-10T12:00"), RelayState.DISCONNECTED, null, late).action()).isNull();
  }

  @Test
  void aRechargeToTheThresholdReconnectsOrCancelsThePendingDisconnect() {
    assertThat(decide(0, null, RelayState.DISCONNECTED, null, WEDNESDAY_NOON).action())
        .isEqualTo(RelayAction.RECONNECT);
    assertThat(decide(100, null, RelayState.CONNECTED, RelayAction.DISCONNECT, WEDNESDAY_NOON).action())
        .isEqualTo(RelayAction.RECONNECT);
    assertThat(decide(100, null, RelayState.DISCONNECTED, RelayAction.RECONNECT, WEDNESDAY_NOON).action()).isNull();
    assertThat(decide(100, null, RelayState.CONNECTED, null, WEDNESDAY_NOON).action()).isNull();
  }

  @Test
  void aConfiguredReconnectionMinimumKeepsTheRelayOpenUntilReached() {
    RelayDecision below = RelayDecider.decide(5_000, null, RelayState.DISCONNECTED, null, 3, 10_000, CALENDAR,
        WEDNESDAY_NOON);
    RelayDecision reached = RelayDecider.decide(10_000, null, RelayState.DISCONNECTED, null, 3, 10_000, CALENDAR,
        WEDNESDAY_NOON);
    assertThat(below.action()).isNull();
    assertThat(reached.action()).isEqualTo(RelayAction.RECONNECT);
  }
}
