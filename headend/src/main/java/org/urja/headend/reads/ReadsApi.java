package org.urja.headend.reads;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;

/**
 * Head-end-initiated reads for operators: where a listening meter is dialled, profile reads now (an
 * asynchronous job), the jobs' status, a meter's data completeness per day, and the read schedules
 * per utility and model.
 */
public final class ReadsApi {
  private static final Duration MAX_READ_RANGE = Duration.ofDays(400);
  private static final int MAX_COMPLETENESS_DAYS = 93;
  private static final String JOB_COLUMNS =
      "select id, meter_serial, profile, range_from, range_to, requested_by, "
          + "status, rows_read, readings_stored, readings_duplicate, events_stored, error, created_at, started_at, "
          + "finished_at from read_jobs";

  private final Rows rows;
  private final Access access;
  private final MeterAddresses addresses;
  private final OnDemandReads reads;
  private final Completeness completeness;
  private final ZoneId zone;
  private final DataSource dataSource;

  /**
   * @param dataSource where schedules are written (the API's reads go through {@link Rows})
   */
  public ReadsApi(
      DataSource dataSource,
      Rows rows,
      Access access,
      MeterAddresses addresses,
      OnDemandReads reads,
      Completeness completeness,
      ZoneId zone) {
    this.dataSource = dataSource;
    this.rows = rows;
    this.access = access;
    this.addresses = addresses;
    this.reads = reads;
    this.completeness = completeness;
    this.zone = zone;
  }

  public void register(Router r) {
    r.add(
            "PUT",
            "/api/meters/{serial}/address",
            Router.operator(),
            "where the head-end dials a listening meter {address: host:port, or null to stop dialling}",
            this::address)
        .body(
            Field.optional("address", "string")
                .about("host:port, e.g. 10.20.1.7:4059 or [fd00::7]:4059; null clears"))
        .returns(200, Schema.row("meterSerial, address"))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "POST",
            "/api/meters/{serial}/reads",
            Router.operator(),
            "read a profile now {profile: block_load|daily_load|billing|events, from, to}: an asynchronous job",
            this::read)
        .body(
            Field.required("profile", "string").about("block_load, daily_load, billing or events"),
            Field.required("from", "date-time"),
            Field.required("to", "date-time"))
        .returns(202, JOB)
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "GET",
            "/api/meters/{serial}/reads",
            Router.operator(),
            "a meter's read jobs, newest first (?limit, ?offset)",
            this::jobsOfMeter)
        .returns(200, Schema.page(JOB))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "GET",
            "/api/reads/{id}",
            Router.operator(),
            "one read job's status and outcome",
            this::job)
        .returns(200, JOB)
        .fails(403, "other_utility")
        .fails(404, "read_not_found");
    r.add(
            "GET",
            "/api/meters/{serial}/completeness",
            Router.operator(),
            "share of expected block load intervals stored per civil day (?from, ?to: dates, at most 93 days)",
            this::meterCompleteness)
        .returns(
            200,
            Schema.with(
                Schema.row("meterSerial, zone"),
                Field.required("days", "array").about("[{date, stored, expected, percent}]")))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "GET",
            "/api/fleet/completeness",
            Router.operator(),
            "the fleet's data completeness on one civil day (?date, default yesterday; ?worst: how many least complete meters to list)",
            this::fleetCompleteness)
        .returns(
            200,
            Schema.with(
                Schema.row(
                    "date:date, zone, utility, meters:integer, complete:integer, "
                        + "belowNinetyPercent:integer, silent:integer, averagePercent:number"),
                Field.required("leastComplete", "array")
                    .about("[{meterSerial, stored, expected, percent}]")));
    r.add(
            "GET",
            "/api/read-schedules",
            Router.operator(),
            "how often each profile is read, per utility and model",
            this::schedules)
        .returns(200, Schema.array(SCHEDULE));
    r.add(
            "PUT",
            "/api/read-schedules",
            Router.operator(),
            "set one schedule {utility: id|*, model: name|*, profile, every: ISO-8601 duration, enabled}",
            this::putSchedule)
        .body(
            Field.required("profile", "string"),
            Field.required("every", "string").about("e.g. PT1H, P1D"),
            Field.optional("utility", "string").about("default *: every utility"),
            Field.optional("model", "string").about("default *: every model"),
            Field.optional("enabled", "boolean"))
        .returns(200, SCHEDULE)
        .fails(403, "other_utility");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode JOB =
      Schema.row(
          "id:integer, meterSerial, profile, rangeFrom:date-time, rangeTo:date-time, requestedBy, "
              + "status, rowsRead:integer, readingsStored:integer, readingsDuplicate:integer, "
              + "eventsStored:integer, error, createdAt:date-time, startedAt:date-time, "
              + "finishedAt:date-time");
  private static final com.fasterxml.jackson.databind.node.ObjectNode SCHEDULE =
      Schema.row("utility, model, profile, every, enabled:boolean");

  private void address(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    JsonNode body = call.body();
    DialAddress address = null;
    if (body.hasNonNull("address")) {
      try {
        address = DialAddress.parse(body.get("address").asText());
      } catch (IllegalArgumentException e) {
        throw ApiError.badField("address", e.getMessage());
      }
    }
    addresses.set(serial, address);
    call.audit("meter " + serial + " dial address " + (address == null ? "cleared" : address));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("meterSerial", serial);
    out.put("address", address == null ? null : address.toString());
    call.send(200, out);
  }

  private void read(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    JsonNode body = call.body();
    ProfileKind kind =
        ProfileKind.fromWire(body.path("profile").asText(""))
            .orElseThrow(
                () ->
                    ApiError.badField(
                        "profile", "profile must be block_load, daily_load, billing or events"));
    Instant from = instant(body, "from");
    Instant to = instant(body, "to");
    if (!from.isBefore(to)) {
      throw ApiError.badField("from", "from must be before to");
    }
    if (Duration.between(from, to).compareTo(MAX_READ_RANGE) > 0) {
      throw ApiError.badField("from", "at most " + MAX_READ_RANGE.toDays() + " days per read");
    }
    String who = call.principal().subject() + " (" + call.principal().name() + ")";
    OnDemandReads.Started started = reads.start(serial, kind, from, to, who);
    call.audit(
        "read "
            + kind.wire()
            + " of meter "
            + serial
            + " from "
            + from
            + " to "
            + to
            + ": job "
            + started.id());
    call.send(202, rows.one(JOB_COLUMNS + " where id = ?", started.id()).orElseThrow());
  }

  private static Instant instant(JsonNode body, String field) {
    if (!body.hasNonNull(field)) {
      throw ApiError.badField(field, field + " is required");
    }
    try {
      return Instant.parse(body.get(field).asText());
    } catch (DateTimeParseException e) {
      throw ApiError.badField(
          field, field + " must be an ISO-8601 instant such as 2026-11-22T04:30:00Z");
    }
  }

  private void jobsOfMeter(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    Page page = call.page();
    call.send(
        200,
        page.of(
            rows.list(
                JOB_COLUMNS + " where meter_serial = ? order by id desc" + page.sql(), serial)));
  }

  private void job(Call call) throws Exception {
    long id;
    try {
      id = Long.parseLong(call.path("id"));
    } catch (NumberFormatException e) {
      throw ApiError.badField("id", "read job id must be a number");
    }
    Optional<Map<String, Object>> j = rows.one(JOB_COLUMNS + " where id = ?", id);
    if (j.isEmpty()) {
      throw new ApiError(404, "read_not_found", "no read job " + id, null);
    }
    access.meter(call.principal(), (String) j.get().get("meterSerial"));
    call.send(200, j.get());
  }

  private void meterCompleteness(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    LocalDate today = LocalDate.now(zone);
    LocalDate to = date(call, "to").orElse(today);
    LocalDate from = date(call, "from").orElse(to.minusDays(6));
    if (from.isAfter(to)) {
      throw ApiError.badField("from", "from must not be after to");
    }
    if (from.plusDays(MAX_COMPLETENESS_DAYS).isBefore(to)) {
      throw ApiError.badField("from", "at most " + MAX_COMPLETENESS_DAYS + " days per request");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("meterSerial", serial);
    out.put("zone", zone.getId());
    out.put("days", completeness.meter(serial, from, to));
    call.send(200, out);
  }

  private void fleetCompleteness(Call call) throws Exception {
    LocalDate date = date(call, "date").orElse(LocalDate.now(zone).minusDays(1));
    int worst = call.integer("worst", 20, 0, 500);
    Completeness.Fleet f = completeness.fleet(date, call.principal().utilityId(), worst);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("date", f.date());
    out.put("zone", zone.getId());
    out.put("utility", call.principal().utilityId());
    out.put("meters", f.meters());
    out.put("complete", f.complete());
    out.put("belowNinetyPercent", f.belowNinety());
    out.put("silent", f.silent());
    out.put("averagePercent", f.averagePercent());
    out.put("leastComplete", f.worst());
    call.send(200, out);
  }

  /** A {@code yyyy-mm-dd} query parameter. */
  public static Optional<LocalDate> date(Call call, String name) {
    return call.query(name)
        .map(
            v -> {
              try {
                return LocalDate.parse(v);
              } catch (DateTimeParseException e) {
                throw ApiError.badField(name, name + " must be a date such as 2026-11-22");
              }
            });
  }

  private void schedules(Call call) throws Exception {
    call.send(
        200,
        rows.list(
            "select utility, model, profile, every::text as every, enabled from read_schedules "
                + "order by profile, utility, model"));
  }

  private void putSchedule(Call call) throws Exception {
    JsonNode body = call.body();
    ProfileKind kind =
        ProfileKind.fromWire(body.path("profile").asText(""))
            .orElseThrow(
                () ->
                    ApiError.badField(
                        "profile", "profile must be block_load, daily_load, billing or events"));
    Duration every;
    try {
      every = Duration.parse(body.path("every").asText(""));
    } catch (DateTimeParseException e) {
      throw ApiError.badField("every", "every must be an ISO-8601 duration such as PT1H or P1D");
    }
    if (every.compareTo(Duration.ofMinutes(1)) < 0) {
      throw ApiError.badField("every", "every must be at least a minute");
    }
    String utility = body.hasNonNull("utility") ? body.get("utility").asText() : "*";
    if (call.principal().utilityId() != null && !call.principal().utilityId().equals(utility)) {
      throw new ApiError(
          403,
          "other_utility",
          "this key may only set schedules of " + call.principal().utilityId(),
          "utility");
    }
    String model = body.hasNonNull("model") ? body.get("model").asText() : "*";
    boolean enabled = !body.has("enabled") || body.get("enabled").asBoolean(true);
    ReadSchedules.put(dataSource, new ReadSchedules.Row(utility, model, kind, every, enabled));
    call.audit(
        "read schedule "
            + utility
            + "/"
            + model
            + "/"
            + kind.wire()
            + " every "
            + every
            + (enabled ? "" : " (disabled)"));
    call.send(
        200,
        rows.one(
                "select utility, model, profile, every::text as every, enabled from read_schedules "
                    + "where utility = ? and model = ? and profile = ?",
                utility,
                model,
                kind.wire())
            .orElseThrow());
  }
}
