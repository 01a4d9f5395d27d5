package org.urja.protocol.cosem;

import java.util.Optional;

/**
 * The vocabulary of class 70, Disconnect control (IEC 62056-6-2 / DLMS Blue Book, used as is by IS
 * 15959): its control_state (attribute 3) and control_mode (attribute 4) with their numeric values.
 * The one definition the head-end, the ledger's mapping and the simulated meters share; the object
 * is {@link CosemObjects#DISCONNECT_CONTROL}, its attribute and method ids are in {@link
 * CosemObjects.Disconnect}.
 */
public final class DisconnectControl {
  private DisconnectControl() {}

  /** control_state, attribute 3 (an enum on the wire). */
  public enum ControlState {
    DISCONNECTED(0),
    CONNECTED(1),
    /** Armed by remote_reconnect in modes 1, 3, 5, 6: the consumer presses the button. */
    READY_FOR_RECONNECTION(2);

    private final int code;

    ControlState(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /**
     * The Blue Book's name: {@code disconnected}, {@code connected}, {@code
     * ready_for_reconnection}.
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The state a meter reported; empty for a value class 70 does not define. */
    public static Optional<ControlState> of(int code) {
      for (ControlState s : values()) {
        if (s.code == code) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * control_mode, attribute 4: which transitions are allowed. Remote disconnection works in every
   * mode but 0; remote reconnection closes the relay directly only in modes 2 and 4, and in 1, 3, 5
   * and 6 only arms it (ready_for_reconnection).
   */
  public enum ControlMode {
    MODE_0,
    MODE_1,
    MODE_2,
    MODE_3,
    MODE_4,
    MODE_5,
    MODE_6;

    public int code() {
      return ordinal();
    }

    public boolean allowsRemoteControl() {
      return this != MODE_0;
    }

    /**
     * Whether remote_reconnect connects the relay itself rather than arming it for the consumer.
     */
    public boolean remoteReconnectConnects() {
      return this == MODE_2 || this == MODE_4;
    }

    /** The mode for {@code code}; a value outside 0..6 is refused. */
    public static ControlMode of(int code) {
      if (code < 0 || code > 6) {
        throw new IllegalArgumentException("control_mode is 0..6, got " + code);
      }
      return values()[code];
    }
  }
}
