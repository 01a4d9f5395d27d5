package org.urja.simulator.fleet;

import static org.urja.protocol.cosem.CosemObjects.DISCONNECT_CONTROL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.CosemObjects.Disconnect;
import org.urja.protocol.cosem.MethodRef;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * What a DCU does with a relay command from {@code meters/{serial}/commands}: the class 70 method
 * on the meter (1 remote_disconnect, 2 remote_reconnect, none for read_relay), then attributes 2, 3
 * and 4 read back into the reply for {@code meters/{serial}/replies}. The JSON contract is the
 * head-end's ({@code docs/MQTT.md}); it is spelled out again here because the simulator talks to
 * the head-end over the wire only. Must run on the thread that owns the meter.
 */
final class GatewayRelayCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayRelayCommands() {}

  /** The command's id, or empty when the payload is not a command (a gateway cannot answer it). */
  static Optional<JsonNode> parse(byte[] payload) {
    try {
      JsonNode n = JSON.readTree(payload);
      return n != null && n.path("id").isTextual() ? Optional.of(n) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Carries out {@code command} on {@code meter} and returns the reply's bytes. */
  static byte[] execute(SimulatedMeter meter, JsonNode command) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", command.get("id").textValue());
    String action = command.path("action").asText("");
    try {
      switch (action) {
        case "disconnect" ->
            meter.action(
                MethodRef.of(DISCONNECT_CONTROL, Disconnect.METHOD_REMOTE_DISCONNECT),
                DlmsData.i8(0));
        case "reconnect" ->
            meter.action(
                MethodRef.of(DISCONNECT_CONTROL, Disconnect.METHOD_REMOTE_RECONNECT),
                DlmsData.i8(0));
        case "read_relay" -> {}
        default -> throw new IllegalArgumentException("unknown action '" + action + "'");
      }
      reply.put("result", "ok");
    } catch (CosemAccessException e) {
      reply.put("result", "refused");
      reply.put("message", e.getMessage());
    } catch (RuntimeException e) {
      reply.put("result", "error");
      reply.put("message", e.getMessage());
    }
    reply.put("outputState", ((DlmsData.Bool) read(meter, Disconnect.ATTR_OUTPUT_STATE)).value());
    reply.put(
        "controlState", (int) ((DlmsData.Int) read(meter, Disconnect.ATTR_CONTROL_STATE)).value());
    reply.put(
        "controlMode", (int) ((DlmsData.Int) read(meter, Disconnect.ATTR_CONTROL_MODE)).value());
    return reply.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static DlmsData read(SimulatedMeter meter, int attribute) {
    return meter.get(AttributeRef.of(DISCONNECT_CONTROL, attribute));
  }
}
