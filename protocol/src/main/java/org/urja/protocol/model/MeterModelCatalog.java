package org.urja.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;
import org.urja.protocol.security.AssociationSpec;

/**
 * The meter models the head-end knows, loaded from JSON. The bundled models live on the classpath
 * under {@code meter-models/}; operators add their own from a directory.
 */
public final class MeterModelCatalog {
  /** The model the simulator speaks and unknown meters are assumed to follow. */
  public static final String DEFAULT_MODEL = "urja-sim-1ph";

  private static final List<String> BUNDLED = List.of("urja-sim-1ph.json", "urja-sim-1ph-b.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, MeterModel> models = new ConcurrentHashMap<>();

  public static MeterModelCatalog bundled() {
    MeterModelCatalog c = new MeterModelCatalog();
    for (String file : BUNDLED) {
      try (InputStream in = MeterModelCatalog.class.getResourceAsStream("/meter-models/" + file)) {
        if (in == null) {
          throw new IllegalStateException("bundled meter model missing: " + file);
        }
        c.add(parse(JSON.readTree(in)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read bundled meter model " + file, e);
      }
    }
    return c;
  }

  /** Adds every *.json model in {@code dir}, replacing bundled models of the same name. */
  public MeterModelCatalog addDirectory(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        add(parse(JSON.readTree(p.toFile())));
      }
    }
    return this;
  }

  public void add(MeterModel m) {
    models.put(m.name(), m);
  }

  public Optional<MeterModel> find(String name) {
    return Optional.ofNullable(name == null ? null : models.get(name));
  }

  public MeterModel get(String name) {
    return find(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown meter model '" + name + "'"));
  }

  /** The names of every model known, sorted. */
  public List<String> names() {
    return models.keySet().stream().sorted().toList();
  }

  public MeterModel defaultModel() {
    return get(DEFAULT_MODEL);
  }

  static MeterModel parse(JsonNode n) {
    String name = text(n, "name");
    Map<ObisCode, RegisterScaling> registers = new LinkedHashMap<>();
    for (JsonNode r : n.path("registers")) {
      registers.put(
          ObisCode.parse(text(r, "obis")),
          new RegisterScaling(
              r.path("scaler").asInt(0), CosemUnit.ofSymbol(r.path("unit").asText(""))));
    }
    List<PushLayout> pushes = new ArrayList<>();
    for (JsonNode p : n.path("pushes")) {
      pushes.add(
          new PushLayout(
              text(p, "name"),
              ObisCode.parse(text(p, "pushSetup")),
              captureObjects(p.path("objects"))));
    }
    Map<ObisCode, List<CaptureObject>> profiles = new LinkedHashMap<>();
    for (JsonNode p : n.path("profiles")) {
      profiles.put(ObisCode.parse(text(p, "obis")), captureObjects(p.path("captureObjects")));
    }
    return new MeterModel(
        name,
        n.path("description").asText(""),
        DeviationSign.valueOf(n.path("deviationSign").asText("STANDARD")),
        ZoneId.of(n.path("timeZone").asText("Asia/Kolkata")),
        registers,
        pushes,
        profiles,
        associations(n.path("associations")));
  }

  /**
   * {@code "associations": {"list": [{"name", "clientSap", "serverLogicalAddress",
   * "authentication": "NONE|LOW|HIGH_GMAC", "ciphered"}], "reads", "sets", "actions"}}; absent
   * means the IS 15959 defaults, and an absent list with chosen names picks among those defaults.
   */
  private static ModelAssociations associations(JsonNode n) {
    ModelAssociations defaults = ModelAssociations.is15959();
    if (n.isMissingNode() || n.isNull()) {
      return defaults;
    }
    List<AssociationSpec> list = new ArrayList<>();
    for (JsonNode a : n.path("list")) {
      list.add(
          new AssociationSpec(
              text(a, "name"),
              a.path("clientSap").asInt(-1),
              a.path("serverLogicalAddress").asInt(AssociationSpec.MANAGEMENT_LOGICAL_DEVICE),
              AssociationSpec.Authentication.valueOf(a.path("authentication").asText("NONE")),
              a.path("ciphered").asBoolean(false)));
    }
    return new ModelAssociations(
        list.isEmpty() ? defaults.all() : list,
        n.path("reads").asText(defaults.forReads()),
        n.path("sets").asText(defaults.forSets()),
        n.path("actions").asText(defaults.forActions()));
  }

  private static List<CaptureObject> captureObjects(JsonNode arr) {
    List<CaptureObject> out = new ArrayList<>();
    for (JsonNode o : arr) {
      out.add(
          new CaptureObject(
              o.path("classId").asInt(),
              ObisCode.parse(text(o, "obis")),
              o.path("attribute").asInt(2),
              o.path("dataIndex").asInt(0)));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.asText().isBlank()) {
      throw new IllegalArgumentException("meter model is missing '" + field + "'");
    }
    return v.asText();
  }
}
