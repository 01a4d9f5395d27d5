package org.urja.ingest.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;

/**
 * A submission as an operator reads it in a dead letter: JSON with every reading and event. Values
 * are written with {@link java.math.BigDecimal#toString()} (exponent form when that is shorter),
 * never {@code toPlainString()}: a value like 1E+999999999 must cost a few bytes here, not a
 * gigabyte.
 */
final class SubmissionText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SubmissionText() {}

  static byte[] json(Submission s) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode readings = root.putArray("readings");
    for (Reading r : s.readings()) {
      readings
          .addObject()
          .put("meter", r.meterSerial())
          .put("obis", r.obis().toString())
          .put("ts", r.timestamp().toString())
          .put("value", r.value().toString())
          .put("unit", r.unit());
    }
    ArrayNode events = root.putArray("events");
    for (MeterEvent e : s.events()) {
      events
          .addObject()
          .put("meter", e.meterSerial())
          .put("code", e.code())
          .put("ts", e.timestamp().toString())
          .put("source", e.source());
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The meter the submission claims to come from (a push carries one meter's data), or null. */
  static String meterOf(Submission s) {
    if (!s.readings().isEmpty()) {
      return s.readings().get(0).meterSerial();
    }
    return s.events().isEmpty() ? null : s.events().get(0).meterSerial();
  }
}
