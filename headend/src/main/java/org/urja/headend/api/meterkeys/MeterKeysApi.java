package org.urja.headend.api.meterkeys;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Principal;
import org.urja.ingest.identity.MeterSerials;
import org.urja.ingest.keys.KeyFileProblem;
import org.urja.ingest.keys.KeyFileRow;
import org.urja.ingest.keys.KeyKind;
import org.urja.ingest.keys.KeyRotation;
import org.urja.ingest.keys.KeyState;
import org.urja.ingest.keys.KeyVersion;
import org.urja.ingest.keys.MeterKeyFile;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.keys.MeterSystemTitles;
import org.urja.protocol.security.MeterSecrets;

/**
 * Meters' DLMS keys for operators: import a manufacturer's key file, see which keys a meter has,
 * rotate them. No answer, audit row or error ever carries a key's value: what is said about keys is
 * which are present, their version and state.
 */
public final class MeterKeysApi {
  private final MeterKeyStore store;
  private final KeyRotation rotation;
  private final Access access;
  private final Rows rows;

  public MeterKeysApi(MeterKeyStore store, KeyRotation rotation, Access access, Rows rows) {
    this.store = store;
    this.rotation = rotation;
    this.access = access;
    this.rows = rows;
  }

  public void register(Router r) {
    r.add(
            "POST",
            "/api/meter-keys/import",
            Router.operator(),
            "import a manufacturer's key file (CSV with a header row, or a JSON array; secrets in hex): all rows or none",
            this::importFile)
        // the JSON form; the same body may be the CSV file itself (docs/METERS.md)
        .body(
            Field.required("meters", "array")
                .about(
                    "[{serial, systemTitle?, llsPassword?, hlsSecret?, encryptionKey?, "
                        + "authenticationKey?}] in hex; or send the CSV file (header row, one meter per line) as the body"))
        .returns(200, Schema.row("meters:integer, created:integer, unchanged:integer"))
        .fails(409, "concurrent_key_change")
        .fails(422, "invalid_key_file")
        .fails(503, "keys_master_missing");
    r.add(
            "PUT",
            "/api/meters/{serial}/keys/push-ciphering",
            Router.operator(),
            "whether the meter's pushes must arrive ciphered (a plain push claiming it is then refused)",
            this::pushCiphering)
        .body(Field.required("required", "boolean"))
        .returns(200, Schema.row("serial, pushesCiphered:boolean"))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found")
        .fails(409, "no_system_title");
    r.add(
            "GET",
            "/api/meters/{serial}/keys",
            Router.operator(),
            "which keys a meter has, per version and state (never their values)",
            this::list)
        .returns(
            200,
            Schema.with(
                Schema.row("serial, systemTitle, pushesCiphered:boolean"),
                Field.required("versions", "array")
                    .about(
                        "[{version, state, systemTitle, keys, origin, createdBy, createdAt, …}]")))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "POST",
            "/api/meters/{serial}/keys/rotate",
            Router.operator(),
            "store a new pending version of a meter's keys (EK and AK not given are generated)",
            this::rotate)
        .body(
            Field.optional("encryptionKey", "string").about("hex, 16 bytes; generated when absent"),
            Field.optional("authenticationKey", "string")
                .about("hex, 16 bytes; generated when absent"),
            Field.optional("llsPassword", "string")
                .about("hex; kept from the active version when absent"),
            Field.optional("hlsSecret", "string")
                .about("hex; kept from the active version when absent"))
        .returns(202, KEY_VERSION)
        .fails(403, "other_utility")
        .fails(404, "meter_not_found")
        .fails(409, "concurrent_key_change")
        .fails(503, "keys_master_missing");
    r.add(
            "POST",
            "/api/meters/{serial}/keys/confirm",
            Router.operator(),
            "the pending version is in use on the meter: make it active, retire the old one",
            this::confirm)
        .body(Field.required("version", "integer"))
        .returns(200, KEY_VERSION)
        .fails(403, "other_utility")
        .fails(404, "meter_not_found")
        .fails(409, "concurrent_key_change");
    r.add(
            "POST",
            "/api/meters/{serial}/keys/cancel",
            Router.operator(),
            "retire a pending version that will not be set on the meter",
            this::cancel)
        .body(Field.required("version", "integer"))
        .returns(200, KEY_VERSION)
        .fails(403, "other_utility")
        .fails(404, "meter_not_found")
        .fails(409, "concurrent_key_change");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode KEY_VERSION =
      Schema.with(
          Schema.row(
              "version:integer, state, systemTitle, origin, createdBy, createdAt:date-time, "
                  + "activatedAt:date-time, retiredAt:date-time"),
          Field.required("keys", "array")
              .about("which keys the version holds, never their values"));

  private void importFile(Call call) throws Exception {
    byte[] content = raw(call);
    requireUnlocked();
    MeterKeyFile.Parsed file = MeterKeyFile.parse(content);
    if (!file.good()) {
      refuse(call, file.problems(), file.problemCount());
      return;
    }
    List<KeyFileProblem> foreign = otherUtilities(call.principal(), file.rows());
    if (!foreign.isEmpty()) {
      refuse(call, foreign, foreign.size());
      return;
    }
    MeterKeyStore.ImportOutcome outcome;
    try {
      outcome =
          store.importRows(file.rows(), call.principal().utilityId(), call.principal().subject());
    } catch (MeterKeyStore.ConcurrentKeyChangeException e) {
      throw new ApiError(409, "concurrent_key_change", e.getMessage(), null);
    }
    if (!outcome.stored()) {
      refuse(call, outcome.problems(), outcome.problems().size());
      return;
    }
    call.audit(
        "key file of "
            + file.rows().size()
            + " meters: "
            + outcome.created()
            + " new, "
            + outcome.unchanged()
            + " unchanged");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("meters", file.rows().size());
    body.put("created", outcome.created());
    body.put("unchanged", outcome.unchanged());
    call.send(200, body);
  }

  /** Registered meters of another utility than the importer's are refused by line. */
  private List<KeyFileProblem> otherUtilities(Principal who, List<KeyFileRow> fileRows) {
    if (who.utilityId() == null) {
      return List.of();
    }
    Map<String, Integer> lines = new LinkedHashMap<>();
    fileRows.forEach(r -> lines.put(r.serial(), r.line()));
    List<KeyFileProblem> out = new ArrayList<>();
    for (Map<String, Object> m :
        rows.list(
            "select m.serial, coalesce(m.utility, a.utility_id) as utility from ingest_api.meters m "
                + "left join ledger_api.account_meters l on l.meter_serial = m.serial and l.valid_to is null "
                + "left join ledger_api.accounts a on a.account_id = l.account_id where m.serial = any(?)",
            (Object) lines.keySet().toArray(String[]::new))) {
      String utility = (String) m.get("utility");
      if (utility != null && !who.seesUtility(utility)) {
        out.add(
            new KeyFileProblem(
                lines.get((String) m.get("serial")),
                "serial",
                "meter " + m.get("serial") + " belongs to another utility"));
      }
    }
    out.sort(java.util.Comparator.comparingInt(KeyFileProblem::line));
    return out;
  }

  private static void refuse(Call call, List<KeyFileProblem> problems, int count)
      throws IOException {
    call.audit("key file refused: " + count + " problem(s), nothing stored");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", "invalid_key_file");
    body.put("message", count + " problem(s) in the key file; nothing of it was stored");
    body.put("problemCount", count);
    body.put(
        "problems",
        problems.stream()
            .map(
                p -> {
                  Map<String, Object> v = new LinkedHashMap<>();
                  v.put("line", p.line());
                  v.put("field", p.field());
                  v.put("message", p.message());
                  return v;
                })
            .toList());
    call.send(422, body);
  }

  private void list(Call call) throws Exception {
    String serial = visible(call);
    List<KeyVersion> versions = store.versions(serial);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("serial", serial);
    Optional<MeterSystemTitles.Title> title = store.systemTitles().ofMeter(serial);
    body.put("systemTitle", title.map(MeterSystemTitles.Title::systemTitle).orElse(null));
    body.put("pushesCiphered", title.map(MeterSystemTitles.Title::pushesCiphered).orElse(false));
    body.put(
        "active",
        versions.stream()
            .filter(v -> v.state() == KeyState.ACTIVE)
            .map(KeyVersion::version)
            .findFirst()
            .orElse(null));
    body.put(
        "pending",
        versions.stream()
            .filter(v -> v.state() == KeyState.PENDING)
            .map(KeyVersion::version)
            .findFirst()
            .orElse(null));
    body.put("versions", versions.stream().map(MeterKeysApi::view).toList());
    call.send(200, body);
  }

  private void pushCiphering(Call call) throws Exception {
    String serial = visible(call);
    JsonNode required = call.body().get("required");
    if (required == null || !required.isBoolean()) {
      throw ApiError.badField("required", "required is true or false");
    }
    if (!store.systemTitles().requireCipheredPushes(serial, required.asBoolean())) {
      throw new ApiError(
          409,
          "no_system_title",
          "meter "
              + serial
              + " has no system title: its ciphered pushes cannot "
              + "be opened; import its key file with the system_title column",
          null);
    }
    call.audit(
        "pushes of meter "
            + serial
            + (required.asBoolean() ? " must be ciphered" : " may be plain"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("serial", serial);
    body.put("pushesCiphered", required.asBoolean());
    call.send(200, body);
  }

  private void rotate(Call call) throws Exception {
    String serial = visible(call);
    requireUnlocked();
    MeterSecrets requested = requested(raw(call));
    call.audit("rotate keys of meter " + serial);
    try {
      KeyVersion pending = rotation.start(serial, requested, call.principal().subject());
      call.audit("rotate keys of meter " + serial + ": version " + pending.version() + " pending");
      call.send(202, view(pending));
    } catch (KeyRotation.RotationRefusedException e) {
      throw refused(e);
    }
  }

  private void confirm(Call call) throws Exception {
    String serial = visible(call);
    int version = version(call);
    call.audit("confirm keys of meter " + serial + " version " + version);
    try {
      call.send(200, view(rotation.confirm(serial, version)));
    } catch (KeyRotation.RotationRefusedException e) {
      throw refused(e);
    }
  }

  private void cancel(Call call) throws Exception {
    String serial = visible(call);
    int version = version(call);
    call.audit("cancel keys of meter " + serial + " version " + version);
    try {
      call.send(200, view(rotation.cancel(serial, version)));
    } catch (KeyRotation.RotationRefusedException e) {
      throw refused(e);
    }
  }

  /**
   * The serial once the operator may see its keys: a registered meter by the usual rule, keys of a
   * meter not yet registered by the utility that imported them.
   */
  private String visible(Call call) throws SQLException {
    String serial = call.path("serial");
    if (!MeterSerials.isValid(serial)) {
      throw ApiError.badField("serial", MeterSerials.problem(serial).orElseThrow());
    }
    if (rows.count("select count(*) from ingest_api.meters where serial = ?", serial) > 0) {
      return (String) access.meter(call.principal(), serial).get("serial");
    }
    if (store.versions(serial).isEmpty()) {
      throw new ApiError(
          404, "meter_not_found", "no meter and no keys with serial " + serial, null);
    }
    if (!call.principal().seesUtility(store.utilityOf(serial).orElse(null))) {
      throw new ApiError(
          403, "other_utility", "the keys of meter " + serial + " belong to another utility", null);
    }
    return serial;
  }

  private void requireUnlocked() {
    if (!store.unlocked()) {
      throw new ApiError(
          503,
          "keys_master_missing",
          "keys.master is not configured on this head-end: meter keys can be "
              + "neither stored nor read",
          null);
    }
  }

  private static ApiError refused(KeyRotation.RotationRefusedException e) {
    return new ApiError(e.code().equals("no_keys") ? 404 : 409, e.code(), e.getMessage(), null);
  }

  private static int version(Call call) throws IOException {
    JsonNode v = call.body().get("version");
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
      throw ApiError.badField("version", "version is required and must be a positive whole number");
    }
    return v.asInt();
  }

  /** The secrets given for a rotation; each message names the field, never its value. */
  private static MeterSecrets requested(byte[] content) throws IOException {
    if (new String(content, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return MeterSecrets.none();
    }
    JsonNode body;
    try {
      body = JsonExchange.JSON.readTree(content);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ApiError(400, "invalid_json", "request body is not valid JSON", null);
    }
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "invalid_json", "request body must be a JSON object", null);
    }
    Map<KeyKind, byte[]> given = new EnumMap<>(KeyKind.class);
    for (KeyKind kind : KeyKind.values()) {
      JsonNode v = body.get(kind.wire());
      if (v == null || v.isNull()) {
        continue;
      }
      byte[] value;
      try {
        value = HexFormat.of().parseHex(v.asText());
      } catch (IllegalArgumentException e) {
        throw ApiError.badField(kind.wire(), kind.wire() + " must be an even number of hex digits");
      }
      Optional<String> wrong = kind.problem(value);
      if (wrong.isPresent()) {
        throw ApiError.badField(kind.wire(), wrong.get());
      }
      given.put(kind, value);
    }
    return new MeterSecrets(
        Optional.ofNullable(given.get(KeyKind.LLS_PASSWORD)),
        Optional.ofNullable(given.get(KeyKind.HLS_SECRET)),
        Optional.ofNullable(given.get(KeyKind.ENCRYPTION_KEY)),
        Optional.ofNullable(given.get(KeyKind.AUTHENTICATION_KEY)));
  }

  /** The request body as sent (bounded by http.max.body before it reaches a handler). */
  private static byte[] raw(Call call) throws IOException {
    try (InputStream in = call.exchange().getRequestBody()) {
      return in.readAllBytes();
    }
  }

  static Map<String, Object> view(KeyVersion v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", v.version());
    out.put("state", v.state().wire());
    out.put("systemTitle", v.systemTitle().orElse(null));
    Map<String, Object> present = new LinkedHashMap<>();
    for (KeyKind kind : KeyKind.values()) {
      present.put(kind.wire(), v.present().contains(kind));
    }
    out.put("keys", present);
    out.put("origin", v.origin());
    out.put("createdBy", v.createdBy());
    out.put("createdAt", v.createdAt());
    out.put("activatedAt", v.activatedAt());
    out.put("retiredAt", v.retiredAt());
    return out;
  }
}
