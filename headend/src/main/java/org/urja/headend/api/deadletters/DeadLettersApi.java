package org.urja.headend.api.deadletters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.ingest.deadletter.DeadLetter;
import org.urja.ingest.deadletter.DeadLetters;

/**
 * Operators see input the head-end gave up on (a poison MQTT message, a submission the database
 * refused for good) and close each letter once they have dealt with its cause. Newest first, in
 * pages by id ({@code ?before=} the last page's {@code nextBefore}): letters only ever get added,
 * so a page never shifts under a reader the way an offset would.
 */
public final class DeadLettersApi {
  static final int PREVIEW_CHARS = 2_000;
  private static final int MAX_RESOLUTION_CHARS = 1_000;

  private final DeadLetters letters;

  public DeadLettersApi(DeadLetters letters) {
    this.letters = letters;
  }

  public void register(Router r) {
    r.add(
            "GET",
            "/api/dead-letters",
            Router.operator(),
            "open dead letters, newest first (?limit, ?before, ?resolved=true to include resolved ones)",
            this::list)
        .returns(
            200,
            Schema.with(
                Schema.row("limit:integer, nextBefore:integer"),
                Field.required("items", "array")
                    .about("dead letters, as GET /api/dead-letters/{id}")));
    r.add(
            "GET",
            "/api/dead-letters/{id}",
            Router.operator(),
            "one dead letter with its payload",
            this::one)
        .returns(200, LETTER)
        .fails(404, "dead_letter_not_found");
    r.add(
            "POST",
            "/api/dead-letters/{id}/resolve",
            Router.operator(),
            "close a dead letter with what was done about it",
            this::resolve)
        .body(
            Field.required("resolution", "string")
                .about("what was done, e.g. 'meter firmware fixed, data discarded'"))
        .returns(200, LETTER)
        .fails(404, "dead_letter_not_found")
        .fails(409, "already_resolved");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode LETTER =
      Schema.row(
          "id:integer, source, origin, meterSerial, reason, detail, attempts:integer, "
              + "createdAt:date-time, resolvedAt:date-time, resolution, payloadBytes:integer, "
              + "payloadBase64, preview");

  private void list(Call call) throws Exception {
    int limit = call.integer("limit", 50, 1, 200);
    long before = call.query("before").map(v -> number("before", v)).orElse(Long.MAX_VALUE);
    boolean resolved = call.query("resolved").map(Boolean::parseBoolean).orElse(false);
    List<DeadLetter> page = letters.list(resolved, before, limit + 1);
    boolean more = page.size() > limit;
    List<DeadLetter> items = more ? page.subList(0, limit) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items.stream().map(DeadLettersApi::view).toList());
    body.put("limit", limit);
    body.put("nextBefore", more ? items.get(items.size() - 1).id() : null);
    call.send(200, body);
  }

  private void one(Call call) throws Exception {
    long id = number("id", call.path("id"));
    DeadLetter letter =
        letters
            .find(id)
            .orElseThrow(
                () -> new ApiError(404, "dead_letter_not_found", "no dead letter " + id, null));
    call.send(200, view(letter));
  }

  private void resolve(Call call) throws Exception {
    long id = number("id", call.path("id"));
    String resolution = JsonExchange.text(call.body(), "resolution");
    if (resolution.isBlank() || resolution.length() > MAX_RESOLUTION_CHARS) {
      throw ApiError.badField(
          "resolution", "resolution must be 1-" + MAX_RESOLUTION_CHARS + " characters");
    }
    call.audit("resolve dead letter " + id);
    if (!letters.resolve(id, resolution)) {
      boolean exists = letters.find(id).isPresent();
      throw exists
          ? new ApiError(
              409, "already_resolved", "dead letter " + id + " is already resolved", null)
          : new ApiError(404, "dead_letter_not_found", "no dead letter " + id, null);
    }
    call.send(200, view(letters.find(id).orElseThrow()));
  }

  static Map<String, Object> view(DeadLetter d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", d.id());
    v.put("source", d.source());
    v.put("origin", d.origin());
    v.put("meterSerial", d.meterSerial());
    v.put("reason", d.reason());
    v.put("detail", d.detail());
    v.put("attempts", d.attempts());
    v.put("createdAt", d.createdAt().toString());
    v.put("resolvedAt", d.resolvedAt() == null ? null : d.resolvedAt().toString());
    v.put("resolution", d.resolution());
    v.put("payloadBytes", d.payload().length);
    v.put("payloadBase64", Base64.getEncoder().encodeToString(d.payload()));
    v.put("preview", preview(d.payload()));
    return v;
  }

  /**
   * The payload as text an operator can read at a glance: UTF-8 where it decodes, every control or
   * undecodable character shown as '.', cut to {@value #PREVIEW_CHARS} characters. The exact bytes
   * are in {@code payloadBase64}.
   */
  static String preview(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(Math.min(text.length(), PREVIEW_CHARS));
    text.codePoints()
        .limit(PREVIEW_CHARS)
        .forEach(
            cp -> {
              boolean printable =
                  cp != 0xFFFD && !Character.isISOControl(cp) && Character.isDefined(cp);
              out.appendCodePoint(printable ? cp : '.');
            });
    return out.toString();
  }

  private static long number(String field, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiError.badField(field, field + " must be a number");
    }
  }
}
