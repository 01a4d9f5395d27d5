package org.urja.headend.api.consumption;

import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Role;

/** {@code GET /api/accounts/{id}/consumption}: kWh per local day or month of the utility. */
public final class ConsumptionApi {
  private final AccountConsumption consumption;
  private final Access access;
  private final Clock clock;

  public ConsumptionApi(AccountConsumption consumption, Access access, Clock clock) {
    this.consumption = consumption;
    this.access = access;
    this.clock = clock;
  }

  public void register(Router r) {
    r.add(
            "GET",
            "/api/accounts/{accountId}/consumption",
            EnumSet.of(Role.OPERATOR, Role.CONSUMER_CHANNEL),
            "kWh per local day (?days=30, max 400) or month (?by=month&months=12, max 36)",
            this::consumption)
        .returns(
            200,
            Schema.with(
                Schema.row("accountId, zone"),
                Field.optional("days", "array")
                    .about("[{day: date, start, end: date-time, kwh: number, wh: integer}]"),
                Field.optional("months", "array")
                    .about("[{month, start, end: date-time, kwh: number, wh: integer}]")))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
  }

  private void consumption(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    String by = call.query("by").orElse("day");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accountId", id);
    out.put("zone", consumption.zone(id).getId());
    switch (by) {
      case "day" ->
          out.put(
              "days",
              consumption.periods(
                  id, LocalBuckets.DAY, call.integer("days", 30, 1, 400), clock.instant()));
      case "month" ->
          out.put(
              "months",
              consumption.periods(
                  id, LocalBuckets.MONTH, call.integer("months", 12, 1, 36), clock.instant()));
      default -> throw ApiError.badField("by", "by must be day or month");
    }
    call.send(200, out);
  }
}
