package org.urja.ledger.relay;

/**
 * The disconnect control's control_state (class 70 attribute 3) as read back from the meter and
 * kept by the ledger. The ledger depends on no wire protocol: the head-end maps the protocol's
 * {@code DisconnectControl.ControlState} to this in one place ({@code commands.LedgerRelayStates}).
 */
public enum RelayState {
  DISCONNECTED,
  CONNECTED,
  READY_FOR_RECONNECTION;

  public String dbValue() {
    return name().toLowerCase();
  }

  public static RelayState fromDb(String value) {
    return value == null ? null : valueOf(value.toUpperCase());
  }
}
