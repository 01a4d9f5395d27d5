package org.urja.headend.commands;

import org.urja.ledger.relay.RelayState;
import org.urja.protocol.cosem.DisconnectControl.ControlState;

/**
 * The one place where class 70's control_state (the protocol's {@link ControlState}) becomes the
 * ledger's {@link RelayState}: the ledger keeps its own enum because it depends on no wire
 * protocol, and only the head-end sees both.
 */
final class LedgerRelayStates {
  private LedgerRelayStates() {}

  static RelayState of(ControlState state) {
    return switch (state) {
      case DISCONNECTED -> RelayState.DISCONNECTED;
      case CONNECTED -> RelayState.CONNECTED;
      case READY_FOR_RECONNECTION -> RelayState.READY_FOR_RECONNECTION;
    };
  }

  /** The control_state a meter read back; a value class 70 does not define is refused. */
  static RelayState ofControlState(int controlState) {
    return of(
        ControlState.of(controlState)
            .orElseThrow(() -> new IllegalArgumentException("control_state " + controlState)));
  }
}
