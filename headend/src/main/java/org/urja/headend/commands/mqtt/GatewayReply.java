package org.urja.headend.commands.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import org.urja.headend.commands.RelayState;

/**
 * A gateway's answer on {@code meters/{serial}/replies}: {@code
 * {"id":"…","result":"ok"|"refused"|"error","outputState":bool,"controlState":0|1|2,"controlMode":0..6,"message":"…"}}.
 * The relay fields are required with {@code ok} (they are the read-back that says what the relay
 * did) and optional otherwise; a state out of the ranges of class 70 counts as no state.
 */
public record GatewayReply(String id, String result, Optional<RelayState> state, String message) {
  public static final String OK = "ok";
  public static final String REFUSED = "refused";
  public static final String ERROR = "error";

  /** The reply in {@code payload}, or empty when it is not a reply at all (no id, not JSON). */
  public static Optional<GatewayReply> parse(byte[] payload) {
    JsonNode n;
    try {
      n = GatewayCommand.JSON.readTree(payload);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (n == null || !n.path("id").isTextual() || !n.path("result").isTextual()) {
      return Optional.empty();
    }
    Optional<RelayState> state = Optional.empty();
    if (n.path("outputState").isBoolean()
        && inRange(n.path("controlState"), 2)
        && inRange(n.path("controlMode"), 6)) {
      state =
          Optional.of(
              new RelayState(
                  n.get("outputState").booleanValue(),
                  n.get("controlState").intValue(),
                  n.get("controlMode").intValue()));
    }
    String message = n.path("message").isTextual() ? n.get("message").textValue() : "";
    return Optional.of(
        new GatewayReply(n.get("id").textValue(), n.get("result").textValue(), state, message));
  }

  private static boolean inRange(JsonNode n, int max) {
    return n.isInt() && n.intValue() >= 0 && n.intValue() <= max;
  }

  public boolean ok() {
    return OK.equals(result);
  }
}
