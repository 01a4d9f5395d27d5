package org.urja.ledger.relay;

/**
 * The two methods of the disconnect control object (class 70): 1 remote_disconnect, 2
 * remote_reconnect.
 */
public enum RelayAction {
  DISCONNECT(1),
  RECONNECT(2);

  private final int cosemMethod;

  RelayAction(int cosemMethod) {
    this.cosemMethod = cosemMethod;
  }

  /** The class 70 method id to invoke with ACTION. */
  public int cosemMethod() {
    return cosemMethod;
  }

  public RelayAction opposite() {
    return this == DISCONNECT ? RECONNECT : DISCONNECT;
  }

  public String dbValue() {
    return name().toLowerCase();
  }

  public static RelayAction fromDb(String value) {
    return valueOf(value.toUpperCase());
  }
}
