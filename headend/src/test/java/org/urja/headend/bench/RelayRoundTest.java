package org.urja.headend.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a relay round's switches are counted. */
class RelayRoundTest {
  @Test
  void aRoundInWhichEveryProbeOpenedAndClosedMissedNothing() {
    assertThat(new RelayRound(20, 20, 20).notSeen()).isZero();
  }

  @Test
  void aProbeThatNeverOpenedCountsItsDisconnectionAndItsReconnectionAsNotSeen() {
    RelayRound r = new RelayRound(20, 18, 17);
    // two probes that did not open (each: no disconnection, so no reconnection), one that did not
    // close
    assertThat(r.notSeen()).isEqualTo(2 * 2 + 1);
    assertThat(r).hasToString("18 of 20 due opened, 17 of 18 closed");
  }

  @Test
  void probesPaidAgainForLateDeductionsAreNamedButStillCountAsClosed() {
    RelayRound r = new RelayRound(20, 20, 20, 2);
    assertThat(r.notSeen()).isZero();
    assertThat(r)
        .hasToString("20 of 20 due opened, 20 of 20 closed (2 paid again: late deductions)");
  }

  @Test
  void aRoundCannotCloseMoreRelaysThanItOpened() {
    assertThatThrownBy(() -> new RelayRound(20, 0, 20))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRunsNotSeenAddUpOverItsRounds() {
    RelayLatency.Result result =
        new RelayLatency.Result(
            Percentiles.of(java.util.List.of()),
            Percentiles.of(java.util.List.of()),
            Percentiles.of(java.util.List.of()),
            java.util.List.of(new RelayRound(20, 20, 20), new RelayRound(20, 0, 0)),
            new CommandAttempts(40, 0, 0));
    assertThat(result.notSeen()).isEqualTo(40);
  }
}
