package org.urja.ingest.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.urja.ingest.push.DecodedPush;
import org.urja.ingest.push.PushDecodeException;
import org.urja.ingest.push.ReadingValues;
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
 *
 * <p>Parsing is bounded: the limits below are checked by the JSON parser as it reads, or before a
 * value is built, so a hostile payload costs at most its own size. Any payload outside them is a
 * {@link PushDecodeException} for that message only.
 */
final class JsonPayload {
  /**
   * A gateway sending a meter's day of 15-minute profile in one message writes 96 rows × ~12
   * channels × ~90 bytes ≈ 100 KB; 1 MiB leaves room for a week's backlog.
   */
  static final int MAX_DOCUMENT_BYTES = 1 << 20;

  /**
   * The form is three levels deep (object, readings array, reading); 16 allows a gateway's own
   * envelope.
   */
  static final int MAX_NESTING_DEPTH = 16;

  /** Serials, OBIS codes, instants and units are tens of characters; 1,024 is generous. */
  static final int MAX_STRING_CHARS = 1_024;

  /**
   * A value within {@link ReadingValues} is at most 38 characters; 64 leaves room for an exponent.
   */
  static final int MAX_NUMBER_CHARS = 64;

  /** A week of 15-minute rows of 15 channels is 10,080 readings. */
  static final int MAX_READINGS = 10_080;

  /** Events are rarer than readings by far: a tamper or power-failure burst is tens. */
  static final int MAX_EVENTS = 1_000;

  /** COSEM unit symbols are at most four characters ("varh"). */
  static final int MAX_UNIT_CHARS = 16;

  /**
   * No meter read before the epoch; PostgreSQL and ISO-8601 both stop being ordinary after 9999.
   */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxDocumentLength(MAX_DOCUMENT_BYTES)
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .maxStringLength(MAX_STRING_CHARS)
                          .maxNameLength(MAX_STRING_CHARS)
                          .maxNumberLength(MAX_NUMBER_CHARS)
                          .build())
                  .build())
          // a JSON number is read as its exact decimal, never through a double
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private JsonPayload() {}

  static DecodedPush parse(byte[] payload, String topicSerial) {
    if (payload.length > MAX_DOCUMENT_BYTES) {
      throw new PushDecodeException(
          "JSON payload of " + payload.length + " bytes is over " + MAX_DOCUMENT_BYTES);
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PushDecodeException("payload is not valid JSON: " + e.getOriginalMessage());
    } catch (NumberFormatException e) {
      // Jackson's exact-decimal parser throws this, not a parse exception, for a number such as
      // 1e-99944444444444444444 whose exponent does not fit an int (found by JsonPayloadFuzzTest)
      throw new PushDecodeException("payload has a number out of range: " + e.getMessage());
    } catch (IOException e) {
      throw new PushDecodeException("payload could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PushDecodeException("JSON payload must be an object");
    }
    String serial = root.path("serial").asText(topicSerial);
    if (!serial.equals(topicSerial)) {
      throw new PushDecodeException(
          "payload serial " + serial + " does not match topic serial " + topicSerial);
    }
    JsonNode readingNodes = list(root, "readings", MAX_READINGS);
    JsonNode eventNodes = list(root, "events", MAX_EVENTS);
    List<Reading> readings = new ArrayList<>(readingNodes.size());
    int i = 0;
    for (JsonNode r : readingNodes) {
      String where = "readings[" + i++ + "]";
      readings.add(
          new Reading(serial, obis(r, where), ts(r, where), value(r, where), unit(r, where)));
    }
    List<MeterEvent> events = new ArrayList<>(eventNodes.size());
    i = 0;
    for (JsonNode e : eventNodes) {
      String where = "events[" + i++ + "]";
      if (!e.path("code").canConvertToInt()) {
        throw new PushDecodeException(where + ".code must be an integer");
      }
      events.add(new MeterEvent(serial, e.get("code").asInt(), ts(e, where), "mqtt-json"));
    }
    return new DecodedPush(serial, "json", readings, events);
  }

  /** The array under {@code field}, empty when absent. */
  private static JsonNode list(JsonNode root, String field, int max) {
    JsonNode n = root.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!n.isArray()) {
      throw new PushDecodeException(field + " must be an array");
    }
    if (n.size() > max) {
      throw new PushDecodeException(
          field + " has " + n.size() + " entries, more than " + max + " in one message");
    }
    return n;
  }

  private static ObisCode obis(JsonNode r, String where) {
    try {
      return ObisCode.parse(r.path("obis").asText(null));
    } catch (IllegalArgumentException e) {
      throw new PushDecodeException(where + ".obis: " + e.getMessage());
    }
  }

  private static Instant ts(JsonNode r, String where) {
    Instant t;
    try {
      t = Instant.parse(r.path("ts").asText(""));
    } catch (DateTimeParseException e) {
      throw new PushDecodeException(
          where + ".ts must be an ISO-8601 instant such as 2026-11-22T04:30:00Z");
    }
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      throw new PushDecodeException(where + ".ts " + t + " is outside the years 1970 to 9999");
    }
    return t;
  }

  private static BigDecimal value(JsonNode r, String where) {
    JsonNode v = r.get("value");
    BigDecimal parsed = null;
    if (v != null && v.isNumber()) {
      parsed = v.decimalValue();
    } else if (v != null && v.isTextual() && v.asText().length() <= MAX_NUMBER_CHARS) {
      try {
        parsed = new BigDecimal(v.asText());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    if (parsed == null) {
      throw new PushDecodeException(where + ".value must be a decimal number");
    }
    return ReadingValues.bounded(parsed, where + ".value");
  }

  private static String unit(JsonNode r, String where) {
    String unit = r.path("unit").asText("");
    if (unit.length() > MAX_UNIT_CHARS) {
      throw new PushDecodeException(
          where + ".unit is longer than " + MAX_UNIT_CHARS + " characters");
    }
    return unit;
  }
}
