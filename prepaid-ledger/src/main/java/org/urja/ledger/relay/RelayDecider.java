package org.urja.ledger.relay;

import java.time.Duration;
import java.time.Instant;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.calendar.DisconnectionCalendar;

/**
 * The prepaid relay rules as a pure function.
 *
 * <ul>
 *   <li>Reconnect as soon as the balance reaches the reconnection threshold while the relay is
 *       disconnected or a disconnect is pending.
 *   <li>Disconnect when the balance is below zero by more than the emergency credit, the grace
 *       period since it went negative is over, the consumer was given notice at least {@code
 *       minimumNoticeHours} before, and the calendar allows disconnection at this moment. A moment
 *       inside friendly hours waits for them to end ({@link
 *       DisconnectionCalendar#nextAllowedInstant}).
 *   <li>Never repeat what is already done or pending.
 * </ul>
 */
public final class RelayDecider {

  private RelayDecider() {}

  public static RelayDecision decide(
      RelayView v, UtilitySettings rules, DisconnectionCalendar calendar, Instant now) {
    boolean disconnected =
        v.relayState() == RelayState.DISCONNECTED
            || v.relayState() == RelayState.READY_FOR_RECONNECTION;
    if (v.balancePaise() >= rules.reconnectMinimumPaise() && v.balancePaise() >= 0) {
      boolean needsReconnect =
          v.pendingAction() == RelayAction.DISCONNECT
              || (v.relayState() == RelayState.DISCONNECTED
                  && v.pendingAction() != RelayAction.RECONNECT);
      return new RelayDecision(needsReconnect ? RelayAction.RECONNECT : null, null);
    }
    if (v.balancePaise() >= 0 || v.negativeSince() == null) {
      return RelayDecision
          .none(); // short of the reconnection minimum but not in debt: leave the relay be
    }
    if (-v.balancePaise() <= rules.emergencyCreditPaise()) {
      // living on emergency credit: nothing to plan yet, when it runs out depends on consumption
      return RelayDecision.none();
    }
    if (disconnected || v.pendingAction() == RelayAction.DISCONNECT) {
      return RelayDecision.none();
    }
    Duration minimumNotice = Duration.ofHours(rules.minimumNoticeHours());
    Instant graceEnds = v.negativeSince().plus(Duration.ofDays(rules.graceDays()));
    // without a notice yet, one goes out now, so the earliest moment counts from now
    Instant noticeBase = v.noticeSentAt() == null ? now : v.noticeSentAt();
    Instant earliest = later(graceEnds, noticeBase.plus(minimumNotice));
    Instant planned = calendar.nextAllowedInstant(later(earliest, now));
    boolean due = v.noticeSentAt() != null && !now.isBefore(earliest) && calendar.isAllowed(now);
    return new RelayDecision(due ? RelayAction.DISCONNECT : null, planned);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
