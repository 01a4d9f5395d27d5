package org.urja.headend.api.meters;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.store.SuspectEvents;

/**
 * Meter events the writer held back instead of storing them (dated in the future, or before the
 * meter's installation): operators list them, and release (stored, then acted on like any new
 * event, e.g. a payment-mode switch) or discard each one, once, audited.
 */
public final class SuspectEventsApi {
  private final SuspectEvents suspects;
  private final Access access;
  private final Consumer<List<MeterEvent>> stored;

  /**
   * @param stored where a released event goes after it is stored (what acts on new events)
   */
  public SuspectEventsApi(
      SuspectEvents suspects, Access access, Consumer<List<MeterEvent>> stored) {
    this.suspects = suspects;
    this.access = access;
    this.stored = stored;
  }

  public void register(Router r) {
    r.add(
            "GET",
            "/api/suspect-events",
            Router.operator(),
            "meter events held back as suspect (?status=held|released|discarded, ?limit, ?offset)",
            this::list)
        .returns(200, Schema.page(HELD));
    r.add(
            "GET",
            "/api/meters/{serial}/suspect-events",
            Router.operator(),
            "one meter's suspect events (?status, ?limit, ?offset)",
            this::ofMeter)
        .returns(200, Schema.page(HELD))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    String note = "why, for the audit log (at most " + SuspectReadingsApi.MAX_NOTE + " characters)";
    r.add(
            "POST",
            "/api/suspect-events/{id}/release",
            Router.operator(),
            "store a held event and act on it like any new event (body optional)",
            this::release)
        .body(Field.optional("note", "string").about(note))
        .returns(200, Schema.with(HELD, Field.required("stored", "boolean")))
        .fails(403, "other_utility")
        .fails(404, "suspect_event_not_found")
        .fails(409, "suspect_event_decided");
    r.add(
            "POST",
            "/api/suspect-events/{id}/discard",
            Router.operator(),
            "discard a held event (body optional)",
            this::discard)
        .body(Field.optional("note", "string").about(note))
        .returns(200, HELD)
        .fails(403, "other_utility")
        .fails(404, "suspect_event_not_found")
        .fails(409, "suspect_event_decided");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode HELD =
      Schema.row(
          "id:integer, serial, code:integer, ts:date-time, source, reason, detail, "
              + "receivedAt:date-time, status, decidedAt:date-time, decidedBy");

  private void list(Call call) throws Exception {
    Page page = call.page();
    call.send(
        200,
        page.of(
            suspects
                .list(
                    null,
                    call.principal().utilityId(),
                    SuspectReadingsApi.status(call),
                    page.limit() + 1,
                    page.offset())
                .stream()
                .map(SuspectEventsApi::json)
                .toList()));
  }

  private void ofMeter(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    Page page = call.page();
    call.send(
        200,
        page.of(
            suspects
                .list(
                    serial, null, SuspectReadingsApi.status(call), page.limit() + 1, page.offset())
                .stream()
                .map(SuspectEventsApi::json)
                .toList()));
  }

  private void release(Call call) throws Exception {
    long id = visible(call);
    String note = SuspectReadingsApi.note(call);
    Optional<SuspectEvents.Released> released = suspects.release(id, call.principal().name());
    if (released.isEmpty()) {
      throw notHeld(id);
    }
    released.get().stored().ifPresent(e -> stored.accept(List.of(e)));
    call.audit("suspect event " + id + " released" + note);
    Map<String, Object> out = json(released.get().held());
    out.put("stored", released.get().stored().isPresent());
    call.send(200, out);
  }

  private void discard(Call call) throws Exception {
    long id = visible(call);
    String note = SuspectReadingsApi.note(call);
    SuspectEvents.Held held =
        suspects.discard(id, call.principal().name()).orElseThrow(() -> notHeld(id));
    call.audit("suspect event " + id + " discarded" + note);
    call.send(200, json(held));
  }

  /** The id of a suspect event this key may see (its meter's utility), or 404/403. */
  private long visible(Call call) throws SQLException {
    long id;
    try {
      id = Long.parseLong(call.path("id"));
    } catch (NumberFormatException e) {
      throw new ApiError(
          404, "suspect_event_not_found", "no suspect event " + call.path("id"), null);
    }
    SuspectEvents.Held held =
        suspects
            .find(id)
            .orElseThrow(
                () -> new ApiError(404, "suspect_event_not_found", "no suspect event " + id, null));
    access.meter(call.principal(), held.meterSerial());
    return id;
  }

  private static ApiError notHeld(long id) {
    return new ApiError(
        409,
        "suspect_event_decided",
        "suspect event " + id + " was already released or discarded",
        null);
  }

  private static Map<String, Object> json(SuspectEvents.Held h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", h.id());
    m.put("serial", h.meterSerial());
    m.put("code", h.code());
    m.put("ts", h.ts());
    m.put("source", h.source());
    m.put("reason", h.reason());
    m.put("detail", h.detail());
    m.put("receivedAt", h.receivedAt());
    m.put("status", h.status());
    m.put("decidedAt", h.decidedAt());
    m.put("decidedBy", h.decidedBy());
    return m;
  }
}
