package org.urja.headend.api.meters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.ingest.store.HeldItems;

/**
 * What the writer held back for an operator instead of storing it (see {@link SuspectApis}):
 * operators list the rows of their utility, and release (stored, then handed on like anything new)
 * or discard each one, once, audited with an optional note. One class serves every kind, so
 * readings and events are listed, decided and audited alike.
 *
 * @param <H> a held row
 * @param <T> what a released row becomes once stored
 */
final class HeldForOperatorApi<H extends HeldItems.Held, T> {
  static final int MAX_NOTE = 500;
  private static final List<String> STATUSES = List.of("held", "released", "discarded");

  /**
   * How one kind of held row is named and shown.
   *
   * @param noun "reading", "event": in paths ({@code suspect-{noun}s}), error codes and the audit
   *     log
   * @param releaseSays what a release does, for the route list
   * @param ownColumns the row's own fields, between {@code serial} and {@code reason}, in {@link
   *     Schema#row} form
   * @param ownFields writes those fields of a row
   */
  record Kind<H>(
      String noun,
      String releaseSays,
      String ownColumns,
      BiConsumer<H, Map<String, Object>> ownFields) {
    String path() {
      return "suspect-" + noun + "s";
    }

    String notFound() {
      return "suspect_" + noun + "_not_found";
    }
  }

  private final Kind<H> kind;
  private final HeldItems<H, T> store;
  private final Access access;
  private final Consumer<List<T>> released;
  private final ObjectNode schema;

  /**
   * @param released where a released row goes once stored (what acts on new rows of its kind)
   */
  HeldForOperatorApi(
      Kind<H> kind, HeldItems<H, T> store, Access access, Consumer<List<T>> released) {
    this.kind = kind;
    this.store = store;
    this.access = access;
    this.released = released;
    this.schema =
        Schema.row(
            "id:integer, serial, "
                + kind.ownColumns()
                + ", reason, detail, receivedAt:date-time, status, decidedAt:date-time, decidedBy");
  }

  void register(Router r) {
    String plural = kind.noun() + "s";
    String note = "why, for the audit log (at most " + MAX_NOTE + " characters)";
    r.add(
            "GET",
            "/api/" + kind.path(),
            Router.operator(),
            plural + " held back as suspect (?status=held|released|discarded, ?limit, ?offset)",
            this::list)
        .returns(200, Schema.page(schema));
    r.add(
            "GET",
            "/api/meters/{serial}/" + kind.path(),
            Router.operator(),
            "one meter's suspect " + plural + " (?status, ?limit, ?offset)",
            this::ofMeter)
        .returns(200, Schema.page(schema))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
    r.add(
            "POST",
            "/api/" + kind.path() + "/{id}/release",
            Router.operator(),
            kind.releaseSays() + " (body optional)",
            this::release)
        .body(Field.optional("note", "string").about(note))
        .returns(200, Schema.with(schema, Field.required("stored", "boolean")))
        .fails(403, "other_utility")
        .fails(404, kind.notFound())
        .fails(409, decided());
    r.add(
            "POST",
            "/api/" + kind.path() + "/{id}/discard",
            Router.operator(),
            "discard a held " + kind.noun() + " (body optional)",
            this::discard)
        .body(Field.optional("note", "string").about(note))
        .returns(200, schema)
        .fails(403, "other_utility")
        .fails(404, kind.notFound())
        .fails(409, decided());
  }

  private void list(Call call) throws Exception {
    page(call, null, call.principal().utilityId());
  }

  private void ofMeter(Call call) throws Exception {
    String serial = (String) access.meter(call.principal(), call.path("serial")).get("serial");
    page(call, serial, null);
  }

  private void page(Call call, String serial, String utility) throws Exception {
    Page page = call.page();
    List<Map<String, Object>> rows =
        store.list(serial, utility, status(call), page.limit() + 1, page.offset()).stream()
            .map(this::json)
            .toList();
    call.send(200, page.of(rows));
  }

  private void release(Call call) throws Exception {
    long id = visible(call);
    String note = note(call);
    HeldItems.Release<H, T> release =
        store.release(id, call.principal().name()).orElseThrow(() -> notHeld(id));
    release.stored().ifPresent(t -> released.accept(List.of(t)));
    call.audit("suspect " + kind.noun() + " " + id + " released" + note);
    Map<String, Object> out = json(release.held());
    out.put("stored", release.stored().isPresent());
    call.send(200, out);
  }

  private void discard(Call call) throws Exception {
    long id = visible(call);
    String note = note(call);
    H held = store.discard(id, call.principal().name()).orElseThrow(() -> notHeld(id));
    call.audit("suspect " + kind.noun() + " " + id + " discarded" + note);
    call.send(200, json(held));
  }

  /** The id of a held row this key may see (its meter's utility), or 404/403. */
  private long visible(Call call) throws SQLException {
    String raw = call.path("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw notFound(raw);
    }
    H held = store.find(id).orElseThrow(() -> notFound(raw));
    access.meter(call.principal(), held.meterSerial());
    return id;
  }

  private ApiError notFound(String id) {
    return new ApiError(404, kind.notFound(), "no suspect " + kind.noun() + " " + id, null);
  }

  private String decided() {
    return "suspect_" + kind.noun() + "_decided";
  }

  private ApiError notHeld(long id) {
    return new ApiError(
        409,
        decided(),
        "suspect " + kind.noun() + " " + id + " was already released or discarded",
        null);
  }

  /** ": why" from an optional {"note"} body, or "" when there is no body. */
  private static String note(Call call) throws IOException {
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

  private static String status(Call call) {
    Optional<String> status = call.query("status");
    if (status.isPresent() && !STATUSES.contains(status.get())) {
      throw ApiError.badField("status", "status must be held, released or discarded");
    }
    return status.orElse(null);
  }

  private Map<String, Object> json(H h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", h.id());
    m.put("serial", h.meterSerial());
    kind.ownFields().accept(h, m);
    m.put("reason", h.reason());
    m.put("detail", h.detail());
    m.put("receivedAt", h.receivedAt());
    m.put("status", h.status());
    m.put("decidedAt", h.decidedAt());
    m.put("decidedBy", h.decidedBy());
    return m;
  }
}
