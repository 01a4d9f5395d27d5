package org.urja.headend.bench;

/**
 * One relay round of the probes: how many were due (relay closed when the round began), how many
 * relays were seen opening after the balance went below zero, and how many of those were seen
 * closing after their recharge. Only a probe that opened is recharged, so a probe that never opened
 * counts twice as not seen (no disconnection, so no reconnection to time), never as a reconnection
 * it did not make. {@code toppedUp} counts the probes whose balance was still below zero a few
 * seconds after their recharge (deductions charged after the bench read the debt) and that were
 * paid again; their reconnection is timed from that last payment.
 */
record RelayRound(int probes, int opened, int closed, int toppedUp) {
  RelayRound(int probes, int opened, int closed) {
    this(probes, opened, closed, 0);
  }

  RelayRound {
    if (opened > probes || closed > opened || closed < 0) {
      throw new IllegalArgumentException(
          "a round of " + probes + " probes cannot open " + opened + " and close " + closed);
    }
  }

  /** Disconnections and reconnections due in this round and not seen within the round timeout. */
  int notSeen() {
    return 2 * probes - opened - closed;
  }

  @Override
  public String toString() {
    return opened
        + " of "
        + probes
        + " due opened, "
        + closed
        + " of "
        + opened
        + " closed"
        + (toppedUp == 0 ? "" : " (" + toppedUp + " paid again: late deductions)");
  }
}
