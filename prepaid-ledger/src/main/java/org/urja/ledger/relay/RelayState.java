package org.urja.ledger.relay;

/** The disconnect control's control_state (class 70 attribute 3) as read back from the meter. */
public enum RelayState {
  DISCONNECTED,
  CONNECTED,
  READY_FOR_RECONNECTION;

  /** 0 disconnected, 1 connected, 2 ready_for_reconnection. */
  public static RelayState fromControlState(int controlState) {
    return switch (controlState) {
      case 0 -> DISCONNECTED;
      case 1 -> CONNECTED;
      case 2 -> READY_FOR_RECONNECTION;
      default -> throw new IllegalArgumentException("control_state " + controlState);
    };
  }

  public String dbValue() {
    return name().toLowerCase();
  }

  public static RelayState fromDb(String value) {
    return value == null ? null : valueOf(value.toUpperCase());
  }
}
