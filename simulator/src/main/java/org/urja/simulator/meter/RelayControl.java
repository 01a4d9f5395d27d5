package org.urja.simulator.meter;

import org.urja.protocol.cosem.DisconnectControl.ControlMode;
import org.urja.protocol.cosem.DisconnectControl.ControlState;

/**
 * The Disconnect control object (class 70) of a simulated meter: output_state, control_state and
 * control_mode, with the transitions IEC 62056-6-2 gives for remote_disconnect and
 * remote_reconnect. States and modes are the protocol's {@link ControlState} and {@link
 * ControlMode}.
 */
public final class RelayControl {
  private ControlState controlState = ControlState.CONNECTED;
  private ControlMode controlMode;
  private long outputChangedAtMillis;

  public RelayControl(int controlMode) {
    this.controlMode = ControlMode.of(controlMode);
  }

  public boolean outputState() {
    return controlState == ControlState.CONNECTED;
  }

  /** control_state as it goes on the wire. */
  public int controlState() {
    return controlState.code();
  }

  public ControlState state() {
    return controlState;
  }

  /**
   * When output_state last changed, by this process's wall clock (0: never): what a bench times a
   * switch by, the moment the meter switched rather than the moment it looked.
   */
  public long outputChangedAtMillis() {
    return outputChangedAtMillis;
  }

  private void become(ControlState next) {
    boolean was = outputState();
    controlState = next;
    if (was != outputState()) {
      outputChangedAtMillis = System.currentTimeMillis();
    }
  }

  public int controlMode() {
    return controlMode.code();
  }

  public void setControlMode(int mode) {
    this.controlMode = ControlMode.of(mode);
  }

  /** remote_disconnect is allowed in every mode but 0 (no remote control). */
  public boolean remoteDisconnect() {
    if (!controlMode.allowsRemoteControl()) {
      return false;
    }
    become(ControlState.DISCONNECTED);
    return true;
  }

  /**
   * remote_reconnect closes the relay directly only in modes 2 and 4; in 1, 3, 5 and 6 it arms the
   * meter (ready_for_reconnection) and the consumer must press the button.
   */
  public boolean remoteReconnect() {
    if (!controlMode.allowsRemoteControl() || controlState == ControlState.CONNECTED) {
      return controlMode.allowsRemoteControl();
    }
    become(
        controlMode.remoteReconnectConnects()
            ? ControlState.CONNECTED
            : ControlState.READY_FOR_RECONNECTION);
    return true;
  }

  /** The consumer presses the meter's button. */
  public void manualReconnect() {
    if (controlState == ControlState.READY_FOR_RECONNECTION) {
      become(ControlState.CONNECTED);
    }
  }
}
