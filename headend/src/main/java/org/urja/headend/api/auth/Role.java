package org.urja.headend.api.auth;

/** What a key may do. */
public enum Role {
  /** Everything within its utility (or every utility when the key has none). */
  OPERATOR("operator"),
  /** Posts payments and reads their receipts, nothing else. */
  PAYMENT_GATEWAY("payment-gateway"),
  /** Balance, statement, receipts and complaints of the accounts linked to it by OTP. */
  CONSUMER_CHANNEL("consumer-channel");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Role fromWire(String s) {
    for (Role r : values()) {
      if (r.wire.equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role " + s + " (operator, payment-gateway, consumer-channel)");
  }
}
