package org.urja.ingest.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.PushDecodeException;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.obis.ObisCode;

/**
 * The JSON form for gateways (DCUs) that translate DLMS themselves:
 *
 * <pre>{"serial":"SIM00000001",
 *  "readings":[{"obis":"1.0.1.8.0.255","ts":"2026-11-22T04:30:00Z","value":"1234.5","unit":"Wh"}],
 *  "events":[{"code":101,"ts":"2026-11-22T04:31:10Z"}]}</pre>
 *
 * The serial may be left out (the topic gives it); values are decimal strings or numbers, read
 * exactly.
 */
final class JsonPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonPayload() {}

  static DecodedPush parse(byte[] payload, String topicSerial) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PushDecodeException("payload is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new PushDecodeException("payload could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PushDecodeException("JSON payload must be an object");
    }
    String serial = root.path("serial").asText(topicSerial);
    if (!serial.equals(topicSerial)) {
      throw new PushDecodeException("payload serial " + serial + " does not match topic serial " + topicSerial);
    }
    List<Reading> readings = new ArrayList<>();
    int i = 0;
    for (JsonNode r : root.path("readings")) {
      String where = "readings[" + i++ + "]";
      readings.add(new Reading(serial, obis(r, where), ts(r, where), value(r, where), r.path("unit").asText("")));
    }
    List<MeterEvent> events = new ArrayList<>();
    i = 0;
    for (JsonNode e : root.path("events")) {
      String where = "events[" + i++ + "]";
      if (!e.path("code").canConvertToInt()) {
        throw new PushDecodeException(where + ".code must be an integer");
      }
      events.add(new MeterEvent(serial, e.get("code").asInt(), ts(e, where), "mqtt-json"));
    }
    return new DecodedPush(serial, "json", readings, events);
  }

  private static ObisCode obis(JsonNode r, String where) {
    try {
      return ObisCode.parse(r.path("obis").asText(null));
    } catch (IllegalArgumentException e) {
      throw new PushDecodeException(where + ".obis: " + e.getMessage());
    }
  }

  private static Instant ts(JsonNode r, String where) {
    try {
      return Instant.parse(r.path("ts").asText(""));
    } catch (DateTimeParseException e) {
      throw new PushDecodeException(where + ".ts must be an ISO-8601 instant such as 2026-11-22T04:30:00Z");
    }
  }

  private static BigDecimal value(JsonNode r, String where) {
    JsonNode v = r.get("value");
    try {
      if (v != null && (v.isTextual() || v.isNumber())) {
        return new BigDecimal(v.asText());
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new PushDecodeException(where + ".value must be a decimal number");
  }
}
