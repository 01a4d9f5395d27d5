package org.urja.headend.commands;

import java.util.Optional;
import org.urja.protocol.cosem.DisconnectControl.ControlState;

/**
 * What a meter's Disconnect control object (class 70) reports: output_state (attribute 2),
 * control_state (3) and control_mode (4), as read, so that a value class 70 does not define is
 * still shown as the meter sent it. The states are the protocol's {@link ControlState}.
 */
public record RelayState(boolean outputState, int controlState, int controlMode) {

  /** control_state as one of class 70's states; empty when the meter sent another value. */
  public Optional<ControlState> state() {
    return ControlState.of(controlState);
  }

  public boolean connected() {
    return outputState && controlState == ControlState.CONNECTED.code();
  }

  public boolean disconnected() {
    return !outputState && controlState == ControlState.DISCONNECTED.code();
  }

  /** The relay is armed and waits for the consumer to press the meter's button. */
  public boolean awaitingConsumer() {
    return controlState == ControlState.READY_FOR_RECONNECTION.code();
  }

  public String describe() {
    return state().map(ControlState::label).orElse("control_state_" + controlState);
  }
}
