package org.urja.ledger.relay;

import java.time.Instant;

/**
 * What the policy wants for one prepaid account now.
 *
 * @param action DISCONNECT or RECONNECT to queue now, or null for nothing
 * @param plannedDisconnectAt when the consumer will be disconnected if nothing changes (null when
 *     no disconnection is in prospect); used for the advance notice
 */
public record RelayDecision(RelayAction action, Instant plannedDisconnectAt) {

  public static RelayDecision none() {
    return new RelayDecision(null, null);
  }
}
