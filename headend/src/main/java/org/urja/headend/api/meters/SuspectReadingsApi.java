package org.urja.headend.api.meters;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.SuspectReadings;

/**
 * Readings the writer held back instead of storing and charging them (from the future, from before
 * the meter's installation, a cumulative register going backwards): operators list them, and
 * release (stored, then charged like any new reading) or discard each one, once, audited.
 */
public final class SuspectReadingsApi {
  static final int MAX_NOTE = 500;
  private static final List<String> STATUSES = List.of("held", "released", "discarded");

  private final SuspectReadings suspects;
  private final Access access;
  private final Consumer<List<Reading>> charging;

  /**
   * @param charging where a released reading goes after it is stored (the ledger's charging feed)
   */
  public SuspectReadingsApi(
      SuspectReadings suspects, Access access, Consumer<List<Reading>> charging) {
    this.suspects = suspects;
    this.access = access;
    this.charging = charging;
  }

  public void register(Router r) {
    r.add(
            "GET",
            "/api/suspect-readings",
            Router.operator(),
            "readings held back as suspect (?status=held|released|discarded, ?limit, ?offset)",
            this::list)
        .returns(200, Schema.page(HELD));
    r.add(
            "GET",
            "/api/meters/{serial}/suspect-readings",
            Router.operator(),
            "one meter's suspect readings (?status, ?limit, ?offset)",
            this::ofMeter)
        .returns(200, Schema.page(HELD))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "POST",
            "/api/suspect-readings/{id}/release",
            Router.operator(),
            "store a held reading and charge it like any new reading (body optional)",
            this::release)
        .body(
            Field.optional("note", "string")
                .about("why, for the audit log (at most " + MAX_NOTE + " characters)"))
        .returns(200, Schema.with(HELD, Field.required("stored", "boolean")))
        .fails(403, "other_utility")
        .fails(404, "suspect_reading_not_found")
        .fails(409, "suspect_reading_decided");
    r.add(
            "POST",
            "/api/suspect-readings/{id}/discard",
            Router.operator(),
            "discard a held reading (body optional)",
            this::discard)
        .body(
            Field.optional("note", "string")
                .about("why, for the audit log (at most " + MAX_NOTE + " characters)"))
        .returns(200, HELD)
        .fails(403, "other_utility")
        .fails(404, "suspect_reading_not_found")
        .fails(409, "suspect_reading_decided");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode HELD =
      Schema.row(
          "id:integer, serial, obis, ts:date-time, value:number, unit, reason, detail, "
              + "receivedAt:date-time, status, decidedAt:date-time, decidedBy");

  private void list(Call call) throws Exception {
    Page page = call.page();
    String utility = call.principal().utilityId();
    call.send(
        200,
        page.of(
            suspects.list(null, utility, status(call), page.limit() + 1, page.offset()).stream()
                .map(SuspectReadingsApi::json)
                .toList()));
  }

  private void ofMeter(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    Page page = call.page();
    call.send(
        200,
        page.of(
            suspects.list(serial, null, status(call), page.limit() + 1, page.offset()).stream()
                .map(SuspectReadingsApi::json)
                .toList()));
  }

  private void release(Call call) throws Exception {
    long id = visible(call);
    String note = note(call);
    Optional<SuspectReadings.Released> released = suspects.release(id, call.principal().name());
    if (released.isEmpty()) {
      throw notHeld(id);
    }
    released.get().stored().ifPresent(r -> charging.accept(List.of(r)));
    call.audit("suspect reading " + id + " released" + note);
    Map<String, Object> out = json(released.get().held());
    out.put("stored", released.get().stored().isPresent());
    call.send(200, out);
  }

  private void discard(Call call) throws Exception {
    long id = visible(call);
    String note = note(call);
    SuspectReadings.Held held =
        suspects.discard(id, call.principal().name()).orElseThrow(() -> notHeld(id));
    call.audit("suspect reading " + id + " discarded" + note);
    call.send(200, json(held));
  }

  /** The id of a suspect reading this key may see (its meter's utility), or 404/403. */
  private long visible(Call call) throws SQLException {
    long id;
    try {
      id = Long.parseLong(call.path("id"));
    } catch (NumberFormatException e) {
      throw new ApiError(
          404, "suspect_reading_not_found", "no suspect reading " + call.path("id"), null);
    }
    SuspectReadings.Held held =
        suspects
            .find(id)
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "suspect_reading_not_found", "no suspect reading " + id, null));
    access.meter(call.principal(), held.meterSerial());
    return id;
  }

  /** ": why" from an optional {"note"} body, or "" when there is no body. */
  static String note(Call call) throws IOException {
    String length = call.exchange().getRequestHeaders().getFirst("Content-Length");
    if (length == null || length.equals("0")) {
      return "";
    }
    JsonNode body = call.body();
    if (!body.hasNonNull("note")) {
      return "";
    }
    String note = JsonExchange.text(body, "note");
    if (note.length() > MAX_NOTE) {
      throw ApiError.badField("note", "note must be at most " + MAX_NOTE + " characters");
    }
    return ": " + note;
  }

  private static ApiError notHeld(long id) {
    return new ApiError(
        409,
        "suspect_reading_decided",
        "suspect reading " + id + " was already released or discarded",
        null);
  }

  static String status(Call call) {
    Optional<String> status = call.query("status");
    if (status.isPresent() && !STATUSES.contains(status.get())) {
      throw ApiError.badField("status", "status must be held, released or discarded");
    }
    return status.orElse(null);
  }

  private static Map<String, Object> json(SuspectReadings.Held h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", h.id());
    m.put("serial", h.meterSerial());
    m.put("obis", h.obis());
    m.put("ts", h.ts());
    m.put("value", h.value());
    m.put("unit", h.unit());
    m.put("reason", h.reason());
    m.put("detail", h.detail());
    m.put("receivedAt", h.receivedAt());
    m.put("status", h.status());
    m.put("decidedAt", h.decidedAt());
    m.put("decidedBy", h.decidedBy());
    return m;
  }
}
