package org.urja.protocol.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * Learned layout values as JSON in the same shape as the model files ({@code {"classId", "obis",
 * "attribute", "dataIndex"}} per object, {@code {"scaler", "unit"}} per register), so what an
 * operator sees of a meter can be pasted into a model file.
 */
public final class LayoutJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayoutJson() {}

  public static String objects(List<CaptureObject> objects) {
    ArrayNode a = JSON.createArrayNode();
    for (CaptureObject o : objects) {
      a.addObject()
          .put("classId", o.classId())
          .put("obis", o.obis().toString())
          .put("attribute", o.attributeIndex())
          .put("dataIndex", o.dataIndex());
    }
    return a.toString();
  }

  public static String scaling(RegisterScaling s) {
    ObjectNode n = JSON.createObjectNode().put("scaler", s.scaler()).put("unit", s.unit().symbol());
    return n.toString();
  }

  public static List<CaptureObject> parseObjects(String json) {
    List<CaptureObject> out = new ArrayList<>();
    for (JsonNode o : tree(json)) {
      out.add(
          new CaptureObject(
              o.path("classId").asInt(),
              ObisCode.parse(o.path("obis").asText()),
              o.path("attribute").asInt(2),
              o.path("dataIndex").asInt(0)));
    }
    return out;
  }

  public static RegisterScaling parseScaling(String json) {
    JsonNode n = tree(json);
    return new RegisterScaling(
        n.path("scaler").asInt(0), CosemUnit.ofSymbol(n.path("unit").asText("")));
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "stored layout value is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
