package org.urja.headend.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * JSON schemas of answers, for {@code /openapi.json}: from a record type (the record Jackson
 * writes), from {@link Field}s, or from a short column list for the SQL projections of {@link
 * Rows}.
 */
public final class Schema {

  private Schema() {}

  /** An object with these fields (required ones listed as required). */
  public static ObjectNode object(Field... fields) {
    ObjectNode s = JsonExchange.JSON.createObjectNode().put("type", "object");
    ObjectNode props = s.putObject("properties");
    ArrayNode required = JsonExchange.JSON.createArrayNode();
    for (Field f : fields) {
      ObjectNode p = props.putObject(f.name());
      type(p, f.type());
      if (f.description() != null) {
        p.put("description", f.description());
      }
      if (f.required()) {
        required.add(f.name());
      }
    }
    if (!required.isEmpty()) {
      s.set("required", required);
    }
    return s;
  }

  /**
   * An object from a column list, {@code "accountId, balancePaise:integer, at:date-time"}: a bare
   * name is a string; every field may be null (rows come from outer joins).
   */
  public static ObjectNode row(String columns) {
    String[] parts = columns.split(",");
    Field[] fields = new Field[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String[] nt = parts[i].trim().split(":");
      fields[i] = Field.optional(nt[0].trim(), nt.length > 1 ? nt[1].trim() : "string");
    }
    return object(fields);
  }

  /** The object Jackson writes for a record: one property per component. */
  public static ObjectNode of(Class<? extends Record> type) {
    ObjectNode s = JsonExchange.JSON.createObjectNode().put("type", "object");
    ObjectNode props = s.putObject("properties");
    for (RecordComponent c : type.getRecordComponents()) {
      props.set(c.getName(), forType(c.getGenericType()));
    }
    return s;
  }

  /** A page of a list: {@code {items, limit, offset, nextOffset}}. */
  public static ObjectNode page(ObjectNode item) {
    ObjectNode s =
        object(
            Field.required("items", "array"),
            Field.required("limit", "integer"),
            Field.required("offset", "integer"),
            Field.optional("nextOffset", "integer").about("null on the last page"));
    ((ObjectNode) s.at("/properties/items")).set("items", item);
    return s;
  }

  public static ObjectNode array(ObjectNode item) {
    ObjectNode s = JsonExchange.JSON.createObjectNode().put("type", "array");
    s.set("items", item);
    return s;
  }

  /** {@code base} with more properties, e.g. a row plus what the handler adds to it. */
  public static ObjectNode with(ObjectNode base, Field... more) {
    ObjectNode s = base.deepCopy();
    ObjectNode props = (ObjectNode) s.get("properties");
    object(more)
        .get("properties")
        .fields()
        .forEachRemaining(e -> props.set(e.getKey(), e.getValue()));
    return s;
  }

  /** Sets {@code into} to the JSON type a {@link Field#type()} names. */
  private static void type(ObjectNode into, String type) {
    switch (type) {
      case "date", "date-time", "time" -> into.put("type", "string").put("format", type);
      case "array" -> into.put("type", "array").putObject("items");
      case "string", "integer", "number", "boolean", "object" -> into.put("type", type);
      default -> throw new IllegalArgumentException("not a JSON schema type: " + type);
    }
  }

  private static ObjectNode forType(Type t) {
    ObjectNode s = JsonExchange.JSON.createObjectNode();
    Class<?> raw =
        t instanceof ParameterizedType p
            ? (Class<?>) p.getRawType()
            : t instanceof Class<?> c ? c : Object.class;
    if (raw == String.class || raw == Character.class || raw == char.class) {
      s.put("type", "string");
    } else if (raw == long.class
        || raw == int.class
        || raw == Long.class
        || raw == Integer.class
        || raw == short.class
        || raw == Short.class) {
      s.put("type", "integer");
    } else if (raw == double.class
        || raw == Double.class
        || raw == BigDecimal.class
        || raw == float.class
        || raw == Float.class) {
      s.put("type", "number");
    } else if (raw == boolean.class || raw == Boolean.class) {
      s.put("type", "boolean");
    } else if (raw == Instant.class) {
      s.put("type", "string").put("format", "date-time");
    } else if (raw == LocalDate.class) {
      s.put("type", "string").put("format", "date");
    } else if (raw == LocalTime.class) {
      s.put("type", "string").put("format", "time");
    } else if (raw == Duration.class) {
      s.put("type", "string").put("description", "ISO-8601 duration");
    } else if (raw.isEnum()) {
      s.put("type", "string");
    } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
      s.put("type", "array");
      s.set(
          "items",
          t instanceof ParameterizedType p
              ? forType(p.getActualTypeArguments()[0])
              : JsonExchange.JSON.createObjectNode());
    } else if (raw == Optional.class && t instanceof ParameterizedType p) {
      return forType(p.getActualTypeArguments()[0]);
    } else if (raw.isRecord()) {
      @SuppressWarnings("unchecked")
      Class<? extends Record> r = (Class<? extends Record>) raw;
      return of(r);
    } else if (Map.class.isAssignableFrom(raw)) {
      s.put("type", "object");
    } else {
      s.put("type", "object");
    }
    return s;
  }
}
