package org.urja.headend.api.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.commands.CommandRunner;
import org.urja.headend.commands.ReadNow;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.ingest.reading.Reading;
import org.urja.ledger.relay.RelayAction;
import org.urja.ledger.relay.RelayCommand;
import org.urja.ledger.relay.RelayCommandQueue;

/**
 * Operator commands. Connect and disconnect go through the ledger's relay command outbox, so the
 * dispatcher retries them, reads the state back and {@code relay_commands} is their lifecycle and
 * audit; read-now asks a connected meter for its relay state at once and answers with it.
 */
public final class CommandsApi {
  private static final String COLUMNS =
      "select id, meter_serial, account_id, action, status, reason, requested_by, "
          + "attempts, max_attempts, next_attempt_at, expires_at, last_error, relay_state, created_at, sent_at, "
          + "completed_at, failure_class, operator_retries, operator_note from ledger_api.relay_commands";
  private final Rows rows;
  private final Access access;
  private final RelayCommandQueue queue;
  private final CommandRunner runner;
  private final Runnable wakeDispatcher;

  private final MeterModelResolver models;
  private final Consumer<List<Reading>> store;

  /**
   * @param models the object model of each meter, for read-now
   * @param store where read-now readings go (the batch writer), so they sit with pushed ones
   */
  /**
   * @param nodeId this head-end node, to tell an operator which node a meter read-now must go to
   *     when its connection is on another one
   */
  private final String nodeId;

  public CommandsApi(
      Rows rows,
      Access access,
      RelayCommandQueue queue,
      CommandRunner runner,
      Runnable wakeDispatcher,
      MeterModelResolver models,
      Consumer<List<Reading>> store,
      String nodeId) {
    this.nodeId = nodeId;
    this.models = models;
    this.store = store;
    this.rows = rows;
    this.access = access;
    this.queue = queue;
    this.runner = runner;
    this.wakeDispatcher = wakeDispatcher;
  }

  public void register(Router r) {
    r.add(
            "POST",
            "/api/commands",
            Router.operator(),
            "issue {meterSerial | accountId, action: connect|disconnect|read-now, reason}",
            this::issue)
        .body(
            Field.optional("meterSerial", "string").about("this or accountId"),
            Field.optional("accountId", "string"),
            Field.required("action", "string").about("connect, disconnect or read-now"),
            Field.required("reason", "string"))
        .returns(202, COMMAND)
        .returns(
            200,
            Schema.with(
                Schema.row(
                    "meterSerial, action, status, meterTime:date-time, relayState, "
                        + "outputState:boolean, controlMode:integer"),
                Field.required("readings", "array").about("read-now: the registers read, stored")))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found", "account_not_found")
        .fails(409, "account_has_no_meter", "meter_on_other_node", "meter_unreachable")
        .fails(504, "meter_timeout");
    r.add(
            "GET",
            "/api/commands",
            Router.operator(),
            "list (?meterSerial, ?status, ?limit, ?offset)",
            this::list)
        .returns(200, Schema.page(COMMAND));
    r.add("GET", "/api/commands/{id}", Router.operator(), "one command's lifecycle", this::one)
        .returns(200, COMMAND)
        .fails(404, "command_not_found");
    r.add(
            "POST",
            "/api/commands/{id}/cancel",
            Router.operator(),
            "stop a pending command or one waiting for an operator {reason}",
            call -> decide(call, true))
        .body(Field.required("reason", "string"))
        .returns(200, COMMAND)
        .fails(404, "command_not_found")
        .fails(409, "command_not_cancellable");
    r.add(
            "POST",
            "/api/commands/{id}/retry",
            Router.operator(),
            "send a command waiting for an operator (or failed) again, from attempt zero {reason}",
            call -> decide(call, false))
        .body(Field.required("reason", "string"))
        .returns(200, COMMAND)
        .fails(404, "command_not_found")
        .fails(409, "command_not_retryable");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode COMMAND =
      Schema.row(
          "id:integer, meterSerial, accountId, action, status, reason, requestedBy, attempts:integer, "
              + "maxAttempts:integer, nextAttemptAt:date-time, expiresAt:date-time, lastError, relayState, "
              + "createdAt:date-time, sentAt:date-time, completedAt:date-time, failureClass, "
              + "operatorRetries:integer, operatorNote");

  /**
   * An operator's cancel or retry of one command: audited, and answered with the command as it now
   * is.
   */
  private void decide(Call call, boolean cancel) throws Exception {
    Map<String, Object> current = command(call);
    String reason = JsonExchange.text(call.body(), "reason");
    String operator = call.principal().subject() + " (" + call.principal().name() + ")";
    long id = ((Number) current.get("id")).longValue();
    call.audit(
        (cancel ? "cancel" : "retry")
            + " command "
            + id
            + " ("
            + current.get("action")
            + " "
            + current.get("meterSerial")
            + "): "
            + reason);
    try {
      if (cancel) {
        queue.cancel(id, operator, reason);
      } else {
        queue.retry(id, operator, reason);
        wakeDispatcher.run();
      }
    } catch (IllegalStateException e) {
      throw new ApiError(
          409, cancel ? "command_not_cancellable" : "command_not_retryable", e.getMessage(), null);
    }
    call.send(200, rows.one(COLUMNS + " where id = ?", id).orElseThrow());
  }

  private void issue(Call call) throws Exception {
    JsonNode body = call.body();
    String action = JsonExchange.text(body, "action");
    String reason = JsonExchange.text(body, "reason");
    String serial = body.hasNonNull("meterSerial") ? JsonExchange.text(body, "meterSerial") : null;
    String account = body.hasNonNull("accountId") ? JsonExchange.text(body, "accountId") : null;
    if ((serial == null) == (account == null)) {
      throw ApiError.badField("meterSerial", "give exactly one of meterSerial or accountId");
    }
    if (account != null) {
      access.account(call.principal(), account);
      serial =
          rows.one(
                  "select meter_serial from ledger_api.account_meters where account_id = ? and valid_to is null",
                  account)
              .map(r -> (String) r.get("meterSerial"))
              .orElseThrow(
                  () ->
                      new ApiError(
                          409,
                          "account_has_no_meter",
                          "account " + account + " has no meter",
                          "accountId"));
    } else {
      access.meter(call.principal(), serial);
    }
    String operator = call.principal().subject() + " (" + call.principal().name() + ")";
    call.audit(action + " " + serial + ": " + reason);
    switch (action) {
      case "connect", "disconnect" -> {
        RelayCommand c =
            queue.requestManualForMeter(
                serial,
                action.equals("connect") ? RelayAction.RECONNECT : RelayAction.DISCONNECT,
                operator,
                reason);
        wakeDispatcher.run();
        call.send(202, rows.one(COLUMNS + " where id = ?", c.id()).orElseThrow());
      }
      case "read-now" -> call.send(200, readNow(serial));
      default ->
          throw ApiError.badField("action", "action must be connect, disconnect or read-now");
    }
  }

  /** Reads the meter at once, stores what it said as readings, and answers with it. */
  private Map<String, Object> readNow(String serial) throws Exception {
    try {
      ReadNow.Result r =
          runner
              .run(serial, new ReadNow(serial, models.modelFor(serial)))
              .get(20, TimeUnit.SECONDS);
      store.accept(r.readings());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("meterSerial", serial);
      out.put("action", "read-now");
      out.put("status", "confirmed");
      out.put("meterTime", r.meterTime());
      out.put("relayState", r.relay().describe());
      out.put("outputState", r.relay().outputState());
      out.put("controlMode", r.relay().controlMode());
      List<Map<String, Object>> readings = new ArrayList<>();
      for (Reading reading : r.readings()) {
        readings.add(
            Map.of(
                "obis",
                reading.obis().toString(),
                "value",
                reading.value(),
                "unit",
                reading.unit()));
      }
      out.put("readings", readings);
      return out;
    } catch (TimeoutException e) {
      throw new ApiError(
          504, "meter_timeout", "meter " + serial + " did not answer within 20 s", null);
    } catch (java.util.concurrent.ExecutionException e) {
      // a read is immediate, so it cannot wait in the outbox for the right node: say which node
      // that is
      Optional<Object> elsewhere =
          rows.one(
                  "select node_id from ingest_api.meter_sessions where meter_serial = ? and node_id <> ?",
                  serial,
                  nodeId)
              .map(r -> r.get("nodeId"));
      if (elsewhere.isPresent()) {
        throw new ApiError(
            409,
            "meter_on_other_node",
            "meter "
                + serial
                + " is connected to head-end node "
                + elsewhere.get()
                + ", not "
                + nodeId
                + "; send the read-now to that node",
            null);
      }
      throw new ApiError(
          409,
          "meter_unreachable",
          "meter "
              + serial
              + " could not be read: "
              + CommandRunner.unwrap(e).getMessage()
              + " (it must be connected to this head-end)",
          null);
    }
  }

  private void list(Call call) throws Exception {
    Page page = call.page();
    String serial = call.query("meterSerial").orElse(null);
    String status = call.query("status").orElse(null);
    String utility = call.principal().utilityId();
    call.send(
        200,
        page.of(
            rows.list(
                COLUMNS
                    + " r where (?::text is null or r.meter_serial = ?) "
                    + "and (?::text is null or r.status = ?) and (?::text is null or exists (select 1 from ledger_api.accounts a "
                    + "where a.account_id = r.account_id and a.utility_id = ?) or exists (select 1 from ingest_api.meters m "
                    + "where m.serial = r.meter_serial and m.utility = ?)) order by r.id desc"
                    + page.sql(),
                serial,
                serial,
                status,
                status,
                utility,
                utility,
                utility)));
  }

  private void one(Call call) throws Exception {
    call.send(200, command(call));
  }

  /** The command named by the path, if the caller may see its meter. */
  private Map<String, Object> command(Call call) throws Exception {
    long id;
    try {
      id = Long.parseLong(call.path("id"));
    } catch (NumberFormatException e) {
      throw ApiError.badField("id", "command id must be a number");
    }
    Optional<Map<String, Object>> c = rows.one(COLUMNS + " where id = ?", id);
    if (c.isEmpty()) {
      throw new ApiError(404, "command_not_found", "no command " + id, null);
    }
    access.meter(call.principal(), (String) c.get().get("meterSerial"));
    return c.get();
  }
}
