package org.urja.headend.commands.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.urja.headend.commands.RelaySwitch;

/**
 * A relay command as a gateway (DCU) receives it on {@code meters/{serial}/commands}: {@code
 * {"id":"<uuid>","action":"disconnect"|"reconnect"|"read_relay","issuedAt":"<ISO-8601>"}}. The id
 * is fresh for every attempt, so a reply names exactly one attempt.
 */
public record GatewayCommand(String id, Action action, Instant issuedAt) {
  static final ObjectMapper JSON = new ObjectMapper();

  /** What the gateway does to the meter's Disconnect control object (class 70). */
  public enum Action {
    DISCONNECT("disconnect"),
    RECONNECT("reconnect"),
    READ_RELAY("read_relay");

    private final String wire;

    Action(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    /** Maps a DLMS relay switch by its stable command name, the one shape both transports share. */
    public static Action of(RelaySwitch command) {
      return switch (command.name()) {
        case "remote_disconnect" -> DISCONNECT;
        case "remote_reconnect" -> RECONNECT;
        default -> throw new IllegalArgumentException("no MQTT action for " + command.name());
      };
    }
  }

  public byte[] toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("action", action.wire());
    n.put("issuedAt", issuedAt.toString());
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
