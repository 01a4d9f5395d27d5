package org.urja.headend.commands;

/**
 * What a meter's Disconnect control object (class 70) reports: output_state (attribute 2),
 * control_state (3: 0 disconnected, 1 connected, 2 ready_for_reconnection) and control_mode (4).
 */
public record RelayState(boolean outputState, int controlState, int controlMode) {
  public static final int DISCONNECTED = 0;
  public static final int CONNECTED = 1;
  public static final int READY_FOR_RECONNECTION = 2;

  public boolean connected() {
    return outputState && controlState == CONNECTED;
  }

  public boolean disconnected() {
    return !outputState && controlState == DISCONNECTED;
  }

  /** The relay is armed and waits for the consumer to press the meter's button. */
  public boolean awaitingConsumer() {
    return controlState == READY_FOR_RECONNECTION;
  }

  public String describe() {
    return switch (controlState) {
      case DISCONNECTED -> "disconnected";
      case CONNECTED -> "connected";
      case READY_FOR_RECONNECTION -> "ready_for_reconnection";
      default -> "control_state_" + controlState;
    };
  }
}
