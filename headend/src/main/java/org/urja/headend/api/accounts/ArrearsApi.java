package org.urja.headend.api.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Role;
import org.urja.ledger.arrears.ArrearsBook;
import org.urja.ledger.arrears.ArrearsPlan;

/**
 * Arrears carried into prepaid: the operator records what the consumer still owes from postpaid at
 * conversion and how it is recovered (a percentage of each recharge, capped per month); operators
 * and the consumer's linked channels see how much is left.
 */
public final class ArrearsApi {
  private final ArrearsBook arrears;
  private final Access access;

  public ArrearsApi(ArrearsBook arrears, Access access) {
    this.arrears = arrears;
    this.access = access;
  }

  public void register(Router r) {
    r.add(
            "PUT",
            "/api/accounts/{accountId}/arrears",
            Router.operator(),
            "set the arrears recovered from recharges {outstandingPaise, recoveryPercent, monthlyCapPaise?, reason}",
            this::set)
        .body(
            Field.required("outstandingPaise", "integer"),
            Field.required("recoveryPercent", "number"),
            Field.optional("monthlyCapPaise", "integer"),
            Field.required("reason", "string"))
        .returns(200, PLAN)
        .fails(403, "other_utility")
        .fails(404, "account_not_found");
    r.add(
            "GET",
            "/api/accounts/{accountId}/arrears",
            EnumSet.of(Role.OPERATOR, Role.CONSUMER_CHANNEL),
            "arrears outstanding and recovered so far",
            this::get)
        .returns(200, PLAN)
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found", "no_arrears");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode PLAN =
      Schema.row(
          "accountId, outstandingPaise:integer, recoveryPercent:number, monthlyCapPaise:integer, "
              + "recoveredPaise:integer");

  private void set(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    JsonNode b = call.body();
    JsonNode outstanding = b.get("outstandingPaise");
    if (outstanding == null || !outstanding.isIntegralNumber() || outstanding.asLong() < 0) {
      throw ApiError.badField(
          "outstandingPaise", "outstandingPaise is required: whole paise, 0 or more");
    }
    BigDecimal percent;
    try {
      percent = new BigDecimal(b.path("recoveryPercent").asText(""));
    } catch (NumberFormatException e) {
      throw ApiError.badField(
          "recoveryPercent", "recoveryPercent is required: a number above 0 and at most 100");
    }
    Long cap = null;
    if (b.hasNonNull("monthlyCapPaise")) {
      cap = JsonExchange.positiveLong(b, "monthlyCapPaise");
    }
    String reason = JsonExchange.text(b, "reason");
    ArrearsPlan plan;
    try {
      plan = new ArrearsPlan(id, outstanding.asLong(), percent, cap);
    } catch (IllegalArgumentException e) {
      throw ApiError.badField("recoveryPercent", e.getMessage());
    }
    ArrearsBook.Status status = arrears.set(plan);
    call.audit(
        "arrears "
            + id
            + " "
            + plan.outstandingPaise()
            + " paise at "
            + percent.toPlainString()
            + "%: "
            + reason);
    call.send(200, view(id, status));
  }

  private void get(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    ArrearsBook.Status status =
        arrears
            .status(id)
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "no_arrears", "account " + id + " has no arrears plan", null));
    call.send(200, view(id, status));
  }

  private static Map<String, Object> view(String accountId, ArrearsBook.Status s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accountId", accountId);
    out.put("outstandingPaise", s.plan().outstandingPaise());
    out.put("recoveryPercent", s.plan().recoveryPercent());
    out.put("monthlyCapPaise", s.plan().monthlyCapPaise());
    out.put("recoveredPaise", s.recoveredPaise());
    return out;
  }
}
