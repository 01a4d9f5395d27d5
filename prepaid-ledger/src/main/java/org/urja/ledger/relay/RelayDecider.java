package org.urja.ledger.relay;

import java.time.Duration;
import java.time.Instant;
import org.urja.ledger.calendar.DisconnectionCalendar;

/**
 * The prepaid relay rules as a pure function.
 *
 * <ul>
 *   <li>Reconnect as soon as the balance reaches the reconnection threshold while the relay is
 *       disconnected or a disconnect is pending.
 *   <li>Disconnect when the balance is below zero, the grace period since it went negative is over,
 *       and the calendar allows disconnection at this moment. A grace period ending in friendly hours
 *       waits for them to end ({@link DisconnectionCalendar#nextAllowedInstant}).
 *   <li>Never repeat what is already done or pending.
 * </ul>
 */
public final class RelayDecider {

  private RelayDecider() {}

  /**
   * @param relayState last state read back from the meter, null when never read
   * @param pendingAction the newest pending command's action, null when none
   */
  public static RelayDecision decide(long balancePaise, Instant negativeSince, RelayState relayState,
      RelayAction pendingAction, int graceDays, long reconnectMinimumPaise, DisconnectionCalendar calendar,
      Instant now) {
    boolean disconnected = relayState == RelayState.DISCONNECTED || relayState == RelayState.READY_FOR_RECONNECTION;
    if (balancePaise >= reconnectMinimumPaise && balancePaise >= 0) {
      boolean needsReconnect = pendingAction == RelayAction.DISCONNECT
          || (relayState == RelayState.DISCONNECTED && pendingAction != RelayAction.RECONNECT);
      return new RelayDecision(needsReconnect ? RelayAction.RECONNECT : null, null);
    }
    if (balancePaise >= 0 || negativeSince == null) {
      return RelayDecision.none(); // short of the reconnection minimum but not in debt: leave the relay be
    }
    if (disconnected || pendingAction == RelayAction.DISCONNECT) {
      return RelayDecision.none();
    }
    Instant graceEnds = negativeSince.plus(Duration.ofDays(graceDays));
    Instant planned = calendar.nextAllowedInstant(now.isAfter(graceEnds) ? now : graceEnds);
    boolean due = !now.isBefore(graceEnds) && calendar.isAllowed(now);
    return new RelayDecision(due ? RelayAction.DISCONNECT : null, planned);
  }
}
