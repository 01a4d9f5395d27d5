package org.urja.protocol.cosem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.urja.protocol.cosem.DisconnectControl.ControlMode;
import org.urja.protocol.cosem.DisconnectControl.ControlState;

class DisconnectControlTest {

  @Test
  void controlStatesCarryTheBlueBookNumbersAndNames() {
    assertThat(ControlState.values()).extracting(ControlState::code).containsExactly(0, 1, 2);
    assertThat(ControlState.values())
        .extracting(ControlState::label)
        .containsExactly("disconnected", "connected", "ready_for_reconnection");
    assertThat(ControlState.of(2)).contains(ControlState.READY_FOR_RECONNECTION);
    assertThat(ControlState.of(3)).as("a value class 70 does not define").isEmpty();
  }

  @Test
  void onlyModes2And4ReconnectDirectlyAndMode0AllowsNoRemoteSwitching() {
    assertThat(ControlMode.values())
        .filteredOn(ControlMode::remoteReconnectConnects)
        .containsExactly(ControlMode.MODE_2, ControlMode.MODE_4);
    assertThat(ControlMode.values())
        .filteredOn(m -> !m.allowsRemoteControl())
        .containsExactly(ControlMode.MODE_0);
    assertThat(ControlMode.of(6).code()).isEqualTo(6);
    assertThatThrownBy(() -> ControlMode.of(7)).hasMessageContaining("0..6");
  }
}
