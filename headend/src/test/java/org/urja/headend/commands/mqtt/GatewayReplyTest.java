package org.urja.headend.commands.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.headend.commands.RelayState;
import org.urja.headend.commands.RelaySwitch;

/** The JSON contract of docs/MQTT.md, both ways. */
class GatewayReplyTest {
  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anOkReplyCarriesTheRelayStateReadBack() {
    GatewayReply r =
        GatewayReply.parse(
                json(
                    "{\"id\":\"a1\",\"result\":\"ok\",\"outputState\":false,\"controlState\":2,\"controlMode\":1,\"message\":\"\"}"))
            .orElseThrow();
    assertThat(r.ok()).isTrue();
    assertThat(r.state()).contains(new RelayState(false, 2, 1));
    assertThat(r.state().orElseThrow().awaitingConsumer()).isTrue();
  }

  @Test
  void aRefusalKeepsItsMessageAndMayLeaveTheStateOut() {
    GatewayReply r =
        GatewayReply.parse(
                json("{\"id\":\"a2\",\"result\":\"refused\",\"message\":\"control_mode 0\"}"))
            .orElseThrow();
    assertThat(r.ok()).isFalse();
    assertThat(r.result()).isEqualTo("refused");
    assertThat(r.state()).isEmpty();
    assertThat(r.message()).isEqualTo("control_mode 0");
  }

  @Test
  void anOkReplyWithAStateOfTheWrongTypesHasNoState() {
    GatewayReply r =
        GatewayReply.parse(
                json(
                    "{\"id\":\"a3\",\"result\":\"ok\",\"outputState\":\"false\",\"controlState\":0,\"controlMode\":4}"))
            .orElseThrow();
    assertThat(r.state()).isEmpty();
  }

  @Test
  void aControlStateOutsideClass70sRangeIsNoState() {
    assertThat(
            GatewayReply.parse(
                    json(
                        "{\"id\":\"a4\",\"result\":\"ok\",\"outputState\":true,\"controlState\":5,\"controlMode\":4}"))
                .orElseThrow()
                .state())
        .isEmpty();
    assertThat(
            GatewayReply.parse(
                    json(
                        "{\"id\":\"a5\",\"result\":\"ok\",\"outputState\":true,\"controlState\":1,\"controlMode\":7}"))
                .orElseThrow()
                .state())
        .isEmpty();
  }

  @Test
  void whatIsNotAReplyIsNotParsed() {
    assertThat(GatewayReply.parse(json("not json"))).isEmpty();
    assertThat(GatewayReply.parse(json("{\"result\":\"ok\"}"))).isEmpty();
    assertThat(GatewayReply.parse(json("{\"id\":7,\"result\":\"ok\"}"))).isEmpty();
    assertThat(GatewayReply.parse(json("[]"))).isEmpty();
  }

  @Test
  void aCommandNamesItsActionAsTheGatewayExpects() {
    Instant at = Instant.parse("2026-11-22T01:10:00Z");
    assertThat(
            new String(
                new GatewayCommand("c1", GatewayCommand.Action.of(RelaySwitch.disconnect()), at)
                    .toJson(),
                StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":\"c1\",\"action\":\"disconnect\",\"issuedAt\":\"2026-11-22T01:10:00Z\"}");
    assertThat(GatewayCommand.Action.of(RelaySwitch.reconnect()).wire()).isEqualTo("reconnect");
    assertThat(GatewayCommand.Action.READ_RELAY.wire()).isEqualTo("read_relay");
  }
}
