package org.urja.headend.api.meters;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.consumption.LocalBuckets;
import org.urja.headend.api.consumption.MeterBuckets;
import org.urja.headend.api.consumption.UtilityZones;
import org.urja.ingest.identity.MeterSerials;
import org.urja.ingest.layout.MeterLayouts;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.ingest.layout.UnknownModelException;
import org.urja.ingest.session.MeterSession;
import org.urja.ingest.session.MeterSessions;
import org.urja.ingest.store.MeterDirectory;

/**
 * Meters for operators: register, list, one meter's status, its readings (raw or per interval) and
 * its events.
 */
public final class MetersApi {
  private static final Duration LATEST_WINDOW = Duration.ofDays(7);
  private static final Duration MAX_RANGE = Duration.ofDays(400);
  private final Rows rows;
  private final Access access;
  private final MeterDirectory directory;
  private final MeterSessions sessions;
  private final PerMeterModels models;
  private final MeterLayouts layouts;
  private final MeterBuckets buckets;
  private final UtilityZones zones;

  public MetersApi(
      Rows rows,
      Access access,
      MeterDirectory directory,
      MeterSessions sessions,
      PerMeterModels models,
      MeterLayouts layouts,
      MeterBuckets buckets,
      UtilityZones zones) {
    this.buckets = buckets;
    this.zones = zones;
    this.models = models;
    this.layouts = layouts;
    this.rows = rows;
    this.access = access;
    this.directory = directory;
    this.sessions = sessions;
  }

  public void register(Router r) {
    r.add(
            "POST",
            "/api/meters",
            Router.operator(),
            "register a meter {serial, utility?, model?, installedAt?}",
            this::create)
        .body(
            Field.required("serial", "string"),
            Field.optional("utility", "string"),
            Field.optional("model", "string"),
            Field.optional("installedAt", "date-time")
                .about("ISO-8601 instant; readings from before it are held as suspect"))
        .returns(201, METER)
        .fails(400, "unknown_model")
        .fails(403, "other_utility")
        .fails(409, "meter_exists");
    r.add(
            "PUT",
            "/api/meters/{serial}",
            Router.operator(),
            "set a meter's installation time or model {installedAt?, model?}",
            this::update)
        .body(
            Field.optional("installedAt", "date-time")
                .about("ISO-8601 instant; readings from before it are held as suspect"),
            Field.optional("model", "string")
                .about("a known meter model name; its pushes are decoded by it from now on"))
        .returns(200, METER)
        .fails(400, "unknown_model")
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "GET",
            "/api/meters",
            Router.operator(),
            "list meters (?utility, ?status, ?limit, ?offset)",
            this::list)
        .returns(
            200,
            Schema.page(
                Schema.with(
                    Schema.row(
                        "serial, utility, model, status, transport, lastSeen:date-time, accountId"),
                    Field.required("layoutDisagreements", "integer"))))
        .fails(403, "other_utility");
    r.add("GET", "/api/meters/{serial}", Router.operator(), "one meter's status", this::status)
        .returns(
            200,
            Schema.with(
                METER,
                Field.required("connected", "boolean"),
                Field.optional("connectedAt", "date-time"),
                Field.optional("relay", "object").about("{state, confirmedAt}"),
                Field.required("lastReadings", "array").about("[{obis, ts, value, unit}]"),
                Field.required("commandComms", "object")
                    .about("{confirmed, failed, successRate}: relay commands carried")))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "GET",
            "/api/meters/{serial}/readings",
            Router.operator(),
            "readings (?from, ?to, ?obis), or per bucket of local time with consumption (?interval=15m|1h|1d)",
            this::readings)
        .returns(
            200,
            Schema.page(
                Schema.row(
                    "obis, ts:date-time, value:number, unit, bucket:date-time, bucketEnd:date-time, "
                        + "samples:integer, minValue:number, maxValue:number, delta:number, "
                        + "deltaFrom:date-time, deltaTo:date-time")))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "GET",
            "/api/meters/{serial}/events",
            Router.operator(),
            "events (?from, ?to, ?code)",
            this::events)
        .returns(
            200,
            Schema.page(Schema.row("code:integer, ts:date-time, source, receivedAt:date-time")))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "GET",
            "/api/meters/{serial}/layout",
            Router.operator(),
            "what the meter said of its push lists, scalers and capture objects, and where it disagrees with its model",
            this::layout)
        .returns(
            200,
            Schema.with(
                Schema.row("serial, model, modelAssigned:boolean"),
                Field.required("learned", "object"),
                Field.required("disagreements", "array")))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode METER =
      Schema.row(
          "serial, utility, model, status, transport, remoteAddress, firstSeen:date-time, "
              + "lastSeen:date-time, accountId, installedAt:date-time");

  private void create(Call call) throws Exception {
    JsonNode body = call.body();
    String serial = JsonExchange.text(body, "serial");
    Optional<String> invalid = MeterSerials.problem(serial);
    if (invalid.isPresent()) {
      throw ApiError.badField("serial", invalid.get());
    }
    Instant installedAt = installedAt(body, false);
    String model = model(body);
    String utility =
        body.hasNonNull("utility")
            ? JsonExchange.text(body, "utility")
            : call.principal().utilityId();
    if (utility == null) {
      throw ApiError.badField(
          "utility", "utility is required for an installation-wide operator key");
    }
    if (!call.principal().seesUtility(utility)) {
      throw new ApiError(
          403,
          "other_utility",
          "this key may only register meters of " + call.principal().utilityId(),
          "utility");
    }
    Optional<Map<String, Object>> existing =
        rows.one("select utility, status from ingest_api.meters where serial = ?", serial);
    if (existing.isPresent() && "registered".equals(existing.get().get("status"))) {
      throw new ApiError(
          409, "meter_exists", "meter " + serial + " is already registered", "serial");
    }
    try {
      directory.register(serial, utility, model, installedAt);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    models.invalidate(serial);
    call.audit("meter " + serial);
    call.send(201, withInstallation(access.meter(call.principal(), serial)));
  }

  private void update(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    JsonNode body = call.body();
    String model = model(body);
    Instant installedAt = installedAt(body, model == null);
    if (installedAt != null) {
      directory.installed(serial, installedAt);
      call.audit("meter " + serial + " installed at " + installedAt);
    }
    if (model != null) {
      models.assign(serial, model);
      call.audit("meter " + serial + " model " + model);
    }
    call.send(200, withInstallation(access.meter(call.principal(), serial)));
  }

  private static Instant installedAt(JsonNode body, boolean required) {
    if (!body.hasNonNull("installedAt")) {
      if (required) {
        throw ApiError.badField("installedAt", "installedAt is required");
      }
      return null;
    }
    try {
      Instant t = Instant.parse(body.get("installedAt").asText());
      if (t.isAfter(Instant.now().plus(Duration.ofDays(1)))) {
        throw ApiError.badField("installedAt", "installedAt may not be in the future");
      }
      return t;
    } catch (DateTimeParseException e) {
      throw ApiError.badField(
          "installedAt", "installedAt must be an ISO-8601 instant such as 2026-11-22T04:30:00Z");
    }
  }

  /** The body's model name, refused unless a model file of that name is loaded. */
  private String model(JsonNode body) {
    if (!body.hasNonNull("model")) {
      return null;
    }
    String name = body.get("model").asText();
    try {
      return models.requireKnown(name).name();
    } catch (UnknownModelException e) {
      throw new ApiError(400, "unknown_model", e.getMessage(), "model");
    }
  }

  private void layout(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    PerMeterModels.Resolved resolved = models.resolve(serial);
    List<Map<String, Object>> learned = new ArrayList<>();
    List<Map<String, Object>> disagreements = new ArrayList<>();
    for (MeterLayouts.Learned l : layouts.learned(serial)) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("object", l.what().key());
      o.put("obis", l.obis());
      o.put("meterValue", JsonExchange.JSON.readTree(l.meterValue()));
      o.put(
          "modelValue", l.modelValue() == null ? null : JsonExchange.JSON.readTree(l.modelValue()));
      o.put("modelName", l.modelName());
      o.put("readAt", l.readAt());
      o.put("disagrees", l.disagrees());
      learned.add(o);
      if (l.disagrees()) {
        disagreements.add(o);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("serial", serial);
    out.put("model", resolved.modelName());
    out.put("modelAssigned", models.assignedModel(serial).isPresent());
    out.put("learned", learned);
    out.put("disagreements", disagreements);
    call.send(200, out);
  }

  private Map<String, Object> withInstallation(Map<String, Object> meter) {
    Map<String, Object> out = new LinkedHashMap<>(meter);
    out.put(
        "installedAt",
        rows.one("select installed_at from ingest_api.meters where serial = ?", meter.get("serial"))
            .map(r -> r.get("installedAt"))
            .orElse(null));
    return out;
  }

  private void list(Call call) throws Exception {
    Page page = call.page();
    String utility = call.query("utility").orElse(call.principal().utilityId());
    if (utility != null && !call.principal().seesUtility(utility)) {
      throw new ApiError(
          403,
          "other_utility",
          "this key sees only utility " + call.principal().utilityId(),
          "utility");
    }
    Optional<String> status = call.query("status");
    if (status.isPresent()
        && !List.of("registered", "auto_registered", "quarantined").contains(status.get())) {
      throw ApiError.badField(
          "status", "status must be registered, auto_registered or quarantined");
    }
    List<Map<String, Object>> list =
        rows.list(
            "select m.serial, coalesce(m.utility, a.utility_id) as utility, m.model, "
                + "m.status, m.transport, m.last_seen, l.account_id from ingest_api.meters m "
                + "left join ledger_api.account_meters l on l.meter_serial = m.serial and l.valid_to is null "
                + "left join ledger_api.accounts a on a.account_id = l.account_id "
                + "where (?::text is null or coalesce(m.utility, a.utility_id) = ?) and (?::text is null or m.status = ?) "
                + "order by m.serial"
                + page.sql(),
            utility,
            utility,
            status.orElse(null),
            status.orElse(null));
    Map<String, Integer> disagreeing =
        layouts.disagreementCounts(list.stream().map(r -> (String) r.get("serial")).toList());
    List<Map<String, Object>> out = new ArrayList<>(list.size());
    for (Map<String, Object> row : list) {
      Map<String, Object> m = new LinkedHashMap<>(row);
      if (m.get("model") == null) {
        m.put("model", models.catalog().defaultModel().name());
      }
      m.put("layoutDisagreements", disagreeing.getOrDefault((String) row.get("serial"), 0));
      out.add(m);
    }
    call.send(200, page.of(out));
  }

  private void status(Call call) throws Exception {
    Map<String, Object> m = access.meter(call.principal(), call.path("serial"));
    String serial = (String) m.get("serial");
    Map<String, Object> out = withInstallation(m);
    Optional<MeterSession> live = sessions.find(serial);
    out.put("connected", live.isPresent());
    live.ifPresent(
        s -> {
          out.put("remoteAddress", String.valueOf(s.remoteAddress()));
          out.put("connectedAt", s.connectedAt());
          out.put("lastSeen", s.lastSeen());
        });
    out.put(
        "relay",
        rows.one(
                "select state, confirmed_at from ledger_api.relay_state where meter_serial = ?",
                serial)
            .orElse(null));
    out.put(
        "lastReadings",
        rows.list(
            "select distinct on (obis) obis, ts, value, unit from ingest_api.readings "
                + "where meter_id = ? and ts > ? order by obis, ts desc",
            m.get("id"),
            Instant.now().minus(LATEST_WINDOW)));
    Map<String, Object> comms =
        rows.one(
                "select count(*) filter (where status = 'confirmed') as confirmed, "
                    + "count(*) filter (where status in ('failed', 'expired')) as failed from ledger_api.relay_commands where meter_serial = ?",
                serial)
            .orElseThrow();
    long ok = ((Number) comms.get("confirmed")).longValue();
    long bad = ((Number) comms.get("failed")).longValue();
    comms.put("successRate", ok + bad == 0 ? null : (double) ok / (ok + bad));
    out.put("commandComms", comms);
    out.remove("id");
    call.send(200, out);
  }

  private void readings(Call call) throws Exception {
    Map<String, Object> m = access.meter(call.principal(), call.path("serial"));
    Instant to = call.instant("to").orElse(Instant.now());
    Instant from = call.instant("from").orElse(to.minus(Duration.ofDays(1)));
    if (!from.isBefore(to)) {
      throw ApiError.badField("from", "from must be before to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw ApiError.badField("from", "at most " + MAX_RANGE.toDays() + " days per request");
    }
    String obis = call.query("obis").orElse(null);
    Page page = call.page();
    Optional<String> interval = call.query("interval");
    if (interval.isEmpty()) {
      call.send(
          200,
          page.of(
              rows.list(
                  "select obis, ts, value, unit from ingest_api.readings where meter_id = ? and ts >= ? "
                      + "and ts < ? and (?::text is null or obis = ?) order by ts, obis"
                      + page.sql(),
                  m.get("id"),
                  from,
                  to,
                  obis,
                  obis)));
      return;
    }
    LocalBuckets size =
        LocalBuckets.named(interval.get())
            .filter(b -> b != LocalBuckets.MONTH)
            .orElseThrow(() -> ApiError.badField("interval", "interval must be 15m, 1h or 1d"));
    // buckets of the utility's local time; a cumulative register's delta is its difference across
    // the bucket's boundaries (MeterBuckets), so 15-minute pushes give real 15-minute consumption
    call.send(
        200,
        page.of(
            buckets.page(
                (String) m.get("serial"),
                obis,
                from,
                to,
                size,
                zones.of((String) m.get("utility")),
                page)));
  }

  private void events(Call call) throws Exception {
    Map<String, Object> m = access.meter(call.principal(), call.path("serial"));
    Instant to = call.instant("to").orElse(Instant.now());
    Instant from = call.instant("from").orElse(to.minus(Duration.ofDays(30)));
    Integer code = call.query("code").isPresent() ? call.integer("code", 0, 0, 65535) : null;
    Page page = call.page();
    call.send(
        200,
        page.of(
            rows.list(
                "select code, ts, source, received_at from ingest_api.meter_events where meter_id = ? "
                    + "and ts >= ? and ts < ? and (?::int is null or code = ?) order by ts desc"
                    + page.sql(),
                m.get("id"),
                from,
                to,
                code,
                code)));
  }
}
