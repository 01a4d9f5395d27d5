package org.urja.headend.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.Schema;
import org.urja.headend.http.HttpApi;

/**
 * The operator dashboard: one static page ({@code /dashboard}) that calls the API with the
 * operator's key, plus the two lists only the dashboard needs (accounts by credit state, commands
 * by progress). No front-end build: the page is plain HTML, CSS and JavaScript, the chart is SVG.
 */
public final class DashboardApi {
  private final Rows rows;
  private final byte[] page;

  public DashboardApi(Rows rows) {
    this.rows = rows;
    try (InputStream in = DashboardApi.class.getResourceAsStream("/dashboard/index.html")) {
      if (in == null) {
        throw new IllegalStateException("dashboard/index.html missing from the classpath");
      }
      this.page = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void register(Router r, HttpApi http) {
    r.add(
            "GET",
            "/api/dashboard/accounts",
            Router.operator(),
            "accounts by state (?state=low_credit|disconnected, ?limit, ?offset)",
            this::accounts)
        .returns(
            200,
            counted(
                Schema.row(
                    "accountId, consumerName, paymentMode, balancePaise:integer, "
                        + "lastRechargePaise:integer, meterSerial, relayState")));
    r.add(
            "GET",
            "/api/dashboard/commands",
            Router.operator(),
            "relay commands by progress (?state=pending|failed|needs_operator, ?limit, ?offset)",
            this::commands)
        .returns(
            200,
            counted(
                Schema.row(
                    "id:integer, meterSerial, accountId, action, status, reason, requestedBy, "
                        + "attempts:integer, lastError, createdAt:date-time")));
    r.external("GET", "/dashboard", "the operator dashboard (one HTML page)")
        .returns(200, "text/html", "the page; it calls the API with a key from its URL fragment");
    http.route(
        "/dashboard",
        ex -> {
          if (!ex.getRequestURI().getPath().matches("/dashboard/?")) {
            HttpApi.send(ex, 404, "text/plain", "not found");
            return;
          }
          ex.getResponseHeaders().set("Cache-Control", "no-store");
          // the key lives in the URL fragment or localStorage, never in a request the page did not
          // make
          ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
          HttpApi.send(
              ex, 200, "text/html; charset=utf-8", new String(page, StandardCharsets.UTF_8));
        });
  }

  /** A page of the list that also says how many there are in all ("20 of 52"). */
  private static ObjectNode counted(ObjectNode item) {
    return Schema.with(
        Schema.page(item), Field.required("total", "integer").about("rows in all, on every page"));
  }

  private void accounts(Call call) throws Exception {
    String state = call.query("state").orElse("low_credit");
    String condition =
        switch (state) {
          case "low_credit" ->
              "a.payment_mode = 'prepaid' and (coalesce(b.balance_paise, 0) <= 0 "
                  + "or b.balance_paise * 10 <= b.last_recharge_paise)";
          case "disconnected" -> "s.state is not null and s.state <> 'connected'";
          default -> throw ApiError.badField("state", "state must be low_credit or disconnected");
        };
    Page page = call.page();
    String utility = call.principal().utilityId();
    String from =
        "from ledger_api.accounts a left join ledger_api.balances b on b.account_id = a.account_id "
            + "left join ledger_api.account_meters l on l.account_id = a.account_id and l.valid_to is null "
            + "left join ledger_api.relay_state s on s.meter_serial = l.meter_serial "
            + "where (?::text is null or a.utility_id = ?) and "
            + condition;
    // the operator sees "20 of 52", not a list that silently stops at the page size
    long total = rows.count("select count(*) " + from, utility, utility);
    call.send(
        200,
        page.of(
            rows.list(
                "select a.account_id, a.consumer_name, a.payment_mode, "
                    + "coalesce(b.balance_paise, 0) as balance_paise, b.last_recharge_paise, l.meter_serial, s.state as relay_state "
                    + from
                    + " order by coalesce(b.balance_paise, 0), a.account_id"
                    + page.sql(),
                utility,
                utility),
            total));
  }

  private void commands(Call call) throws Exception {
    String state = call.query("state").orElse("pending");
    String statuses =
        switch (state) {
          case "pending" -> "('created', 'sent')";
          case "failed" -> "('failed', 'expired')";
          case "needs_operator" -> "('needs_operator')";
          default ->
              throw ApiError.badField("state", "state must be pending, failed or needs_operator");
        };
    Page page = call.page();
    String utility = call.principal().utilityId();
    String from =
        "from ledger_api.relay_commands r where r.status in "
            + statuses
            + " and (?::text is null or exists (select 1 from ledger_api.accounts a where a.account_id = r.account_id "
            + "and a.utility_id = ?) or exists (select 1 from ingest_api.meters m where m.serial = r.meter_serial and m.utility = ?)) ";
    long total = rows.count("select count(*) " + from, utility, utility, utility);
    call.send(
        200,
        page.of(
            rows.list(
                "select r.id, r.meter_serial, r.account_id, r.action, r.status, r.reason, "
                    + "r.requested_by, r.attempts, r.last_error, r.created_at "
                    + from
                    + "order by r.id desc"
                    + page.sql(),
                utility,
                utility,
                utility),
            total));
  }
}
