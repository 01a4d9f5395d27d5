package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.urja.ledger.relay.RelayState;
import org.urja.protocol.cosem.DisconnectControl.ControlState;

class LedgerRelayStatesTest {

  @Test
  void everyClass70StateBecomesTheLedgerStateOfTheSameName() {
    for (ControlState s : ControlState.values()) {
      assertThat(LedgerRelayStates.of(s).name()).isEqualTo(s.name());
      assertThat(LedgerRelayStates.ofControlState(s.code())).isEqualTo(LedgerRelayStates.of(s));
    }
    assertThat(LedgerRelayStates.ofControlState(2)).isEqualTo(RelayState.READY_FOR_RECONNECTION);
  }

  @Test
  void aControlStateClass70DoesNotDefineIsRefusedRatherThanRecorded() {
    assertThatThrownBy(() -> LedgerRelayStates.ofControlState(7)).hasMessage("control_state 7");
  }
}
