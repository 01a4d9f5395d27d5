package org.urja.simulator.meter;

/**
 * The Disconnect control object (class 70) of a simulated meter: output_state, control_state and
 * control_mode, with the transitions IEC 62056-6-2 gives for remote_disconnect and
 * remote_reconnect.
 */
public final class RelayControl {
  public static final int DISCONNECTED = 0;
  public static final int CONNECTED = 1;
  public static final int READY_FOR_RECONNECTION = 2;

  private int controlState = CONNECTED;
  private int controlMode;

  public RelayControl(int controlMode) {
    if (controlMode < 0 || controlMode > 6) {
      throw new IllegalArgumentException("control_mode is 0..6, got " + controlMode);
    }
    this.controlMode = controlMode;
  }

  public boolean outputState() {
    return controlState == CONNECTED;
  }

  public int controlState() {
    return controlState;
  }

  public int controlMode() {
    return controlMode;
  }

  public void setControlMode(int mode) {
    this.controlMode = mode;
  }

  /** remote_disconnect is allowed in every mode but 0 (no remote control). */
  public boolean remoteDisconnect() {
    if (controlMode == 0) {
      return false;
    }
    controlState = DISCONNECTED;
    return true;
  }

  /**
   * remote_reconnect closes the relay directly only in modes 2 and 4; in 1, 3, 5 and 6 it arms the
   * meter (ready_for_reconnection) and the consumer must press the button.
   */
  public boolean remoteReconnect() {
    if (controlMode == 0 || controlState == CONNECTED) {
      return controlMode != 0;
    }
    controlState = (controlMode == 2 || controlMode == 4) ? CONNECTED : READY_FOR_RECONNECTION;
    return true;
  }

  /** The consumer presses the meter's button. */
  public void manualReconnect() {
    if (controlState == READY_FOR_RECONNECTION) {
      controlState = CONNECTED;
    }
  }
}
