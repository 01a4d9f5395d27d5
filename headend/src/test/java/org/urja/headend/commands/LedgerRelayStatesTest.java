package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.urja.ledger.relay.RelayState;
import org.urja.protocol.cosem.DisconnectControl.ControlState;

class LedgerRelayStatesTest {

  @Test
  void every_class_70_state_becomes_the_ledger_state_of_the_same_name() {
    for (ControlState s : ControlState.values()) {
      assertThat(LedgerRelayStates.of(s).name()).isEqualTo(s.name());
      assertThat(LedgerRelayStates.ofControlState(s.code())).isEqualTo(LedgerRelayStates.of(s));
    }
    assertThat(LedgerRelayStates.ofControlState(2)).isEqualTo(RelayState.READY_FOR_RECONNECTION);
  }

  @Test
  void a_control_state_class_70_does_not_define_is_refused_rather_than_recorded() {
    assertThatThrownBy(() -> LedgerRelayStates.ofControlState(7)).hasMessage("control_state 7");
  }
}
