package org.urja.simulator.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayControlTest {

  @Test
  void theMomentOfASwitchIsKeptWhenTheOutputChangesNotWhenTheMeterIsArmed() throws Exception {
    RelayControl relay = new RelayControl(1); // mode 1: a remote reconnect only arms the meter
    assertThat(relay.outputChangedAtMillis()).isZero();

    long before = System.currentTimeMillis();
    assertThat(relay.remoteDisconnect()).isTrue();
    long disconnected = relay.outputChangedAtMillis();
    assertThat(disconnected).isBetween(before, System.currentTimeMillis());

    Thread.sleep(5);
    assertThat(relay.remoteReconnect()).isTrue();
    assertThat(relay.outputState()).isFalse(); // ready for reconnection
    assertThat(relay.outputChangedAtMillis()).isEqualTo(disconnected);

    relay.manualReconnect();
    assertThat(relay.outputState()).isTrue();
    assertThat(relay.outputChangedAtMillis()).isGreaterThan(disconnected);
  }
}
