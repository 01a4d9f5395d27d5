package org.urja.headend.api.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
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
import org.urja.headend.api.auth.Role;

/**
 * Accounts for operators and consumer channels: balance (with what it is based on and days of
 * supply left), statement, linked meters and receipts (consumption: {@code
 * api.consumption.ConsumptionApi}).
 */
public final class AccountsApi {
  private static final int AVERAGE_DAYS = 7;
  private final Rows rows;
  private final Access access;
  private final ZoneId zone;

  public AccountsApi(Rows rows, Access access, ZoneId zone) {
    this.rows = rows;
    this.access = access;
    this.zone = zone;
  }

  private static final ObjectNode ACCOUNT_ROW =
      Schema.row(
          "accountId, utilityId, consumerName, paymentMode, tariffCode, balancePaise:integer, "
              + "balanceAt:date-time");
  private static final ObjectNode BALANCE =
      Schema.with(
          Schema.row(
              "accountId, utilityId, consumerName, paymentMode, tariffCode, language, "
                  + "balancePaise:integer, balanceAt:date-time, lastRechargePaise:integer, "
                  + "lastRechargeAt:date-time, negativeSince:date-time, averageDailySpendPaise:integer, "
                  + "monthKwh:number, arrearsOutstandingPaise:integer"),
          Field.optional("basedOnReading", "object")
              .about("{meterSerial, registerWh, readingTs}: the last charged reading"),
          Field.optional("daysOfSupplyLeft", "number")
              .about("at the last 7 days' spend, to one decimal rounded down; null without spend"),
          Field.required("meters", "array").about("serials of the live meters"));
  private static final ObjectNode JOURNAL_ROW =
      Schema.with(
          Schema.row(
              "id:integer, kind, amountPaise:integer, balanceAfterPaise:integer, meterSerial, "
                  + "reference, occurredAt:date-time"),
          Field.optional("details", "object").about("charge lines, tariff: a JSON object"));
  static final ObjectNode RECEIPT_ROW =
      Schema.row(
          "receiptNumber, gatewayReference, accountId, amountPaise:integer, channel, "
              + "receivedAt:date-time, status, balanceAfterPaise:integer, reversedAt:date-time, "
              + "reversalReason, arrearsRecoveredPaise:integer");

  public void register(Router r) {
    var both = EnumSet.of(Role.OPERATOR, Role.CONSUMER_CHANNEL);
    r.add(
            "GET",
            "/api/accounts",
            Router.operator(),
            "accounts of the utility (?mode=prepaid|postpaid, ?limit, ?offset)",
            this::list)
        .returns(200, Schema.page(ACCOUNT_ROW));
    r.add(
            "GET",
            "/api/accounts/{accountId}",
            both,
            "balance, days of supply left, payment mode, month's kWh",
            this::summary)
        .returns(200, BALANCE)
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
    r.add(
            "GET",
            "/api/accounts/{accountId}/statement",
            both,
            "journal entries (?from, ?to, ?limit, ?offset)",
            this::statement)
        .returns(200, Schema.page(JOURNAL_ROW))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
    r.add("GET", "/api/accounts/{accountId}/meters", both, "meters linked over time", this::meters)
        .returns(
            200, Schema.page(Schema.row("meterSerial, validFrom:date-time, validTo:date-time")))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
    r.add(
            "GET",
            "/api/accounts/{accountId}/receipts",
            both,
            "recharges and their receipts",
            this::receipts)
        .returns(200, Schema.page(RECEIPT_ROW))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
    r.add(
            "GET",
            "/api/receipts/{receiptNumber}",
            EnumSet.allOf(Role.class),
            "one receipt by number",
            this::receipt)
        .returns(200, RECEIPT_ROW)
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "receipt_not_found", "account_not_found");
  }

  /** The balance view, also used by the chatbot and the dashboard. */
  public Map<String, Object> balance(String accountId) {
    Map<String, Object> out =
        new LinkedHashMap<>(
            rows.one(
                    "select a.account_id, a.utility_id, a.consumer_name, "
                        + "a.payment_mode, a.tariff_code, a.language, coalesce(b.balance_paise, 0) as balance_paise, "
                        + "b.updated_at as balance_at, b.last_recharge_paise, b.last_recharge_at, b.negative_since "
                        + "from ledger_api.accounts a left join ledger_api.balances b on b.account_id = a.account_id where a.account_id = ?",
                    accountId)
                .orElseThrow(
                    () -> new ApiError(404, "account_not_found", "no account " + accountId, null)));
    out.put(
        "basedOnReading",
        rows.one(
                "select s.meter_serial, s.last_wh as register_wh, s.last_ts as reading_ts "
                    + "from ledger_api.meter_charge_state s where s.account_id = ? order by s.last_ts desc limit 1",
                accountId)
            .orElse(null));
    long spent =
        -rows.count(
            "select coalesce(sum(amount_paise), 0) from ledger_api.journal where account_id = ? "
                + "and kind in ('deduction', 'fixed_charge') and occurred_at > ?",
            accountId,
            Instant.now().minus(Duration.ofDays(AVERAGE_DAYS)));
    long balance = ((Number) out.get("balancePaise")).longValue();
    long perDay = spent / AVERAGE_DAYS;
    out.put("averageDailySpendPaise", perDay);
    out.put("daysOfSupplyLeft", perDay <= 0 ? null : daysOfSupply(balance, perDay));
    LocalDate month = LocalDate.now(zone).withDayOfMonth(1);
    out.put(
        "monthKwh",
        rows.one(
                "select kwh from ledger_api.monthly_consumption where account_id = ? and billing_month = ?",
                accountId,
                month)
            .map(r -> r.get("kwh"))
            .orElse(0));
    out.put(
        "meters",
        rows
            .list(
                "select meter_serial from ledger_api.account_meters where account_id = ? and valid_to is null",
                accountId)
            .stream()
            .map(m -> m.get("meterSerial"))
            .toList());
    // owed apart from the balance, recovered from recharges: a consumer asking for the balance
    // should hear of it
    out.put(
        "arrearsOutstandingPaise",
        rows.one("select outstanding_paise from ledger_api.arrears where account_id = ?", accountId)
            .map(r -> r.get("outstandingPaise"))
            .orElse(0L));
    return out;
  }

  /**
   * Days of supply to one decimal, rounded down: a consumer told "22.3 days" must not run out on
   * the 22nd day's evening because the figure was rounded up.
   */
  static double daysOfSupply(long balancePaise, long perDayPaise) {
    long balance = Math.max(0, balancePaise);
    long tenths = balance % perDayPaise * 10 / perDayPaise;
    return balance / perDayPaise + tenths / 10.0;
  }

  private void list(Call call) throws Exception {
    String mode = call.query("mode").orElse(null);
    if (mode != null && !mode.equals("prepaid") && !mode.equals("postpaid")) {
      throw ApiError.badField("mode", "mode must be prepaid or postpaid");
    }
    Page page = call.page();
    String utility = call.principal().utilityId();
    call.send(
        200,
        page.of(
            rows.list(
                "select a.account_id, a.utility_id, a.consumer_name, a.payment_mode, a.tariff_code, "
                    + "coalesce(b.balance_paise, 0) as balance_paise, b.updated_at as balance_at from ledger_api.accounts a "
                    + "left join ledger_api.balances b on b.account_id = a.account_id where (?::text is null or a.utility_id = ?) "
                    + "and (?::text is null or a.payment_mode = ?) order by a.account_id"
                    + page.sql(),
                utility,
                utility,
                mode,
                mode)));
  }

  private void summary(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    call.send(200, balance(id));
  }

  private void statement(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    Instant to = call.instant("to").orElse(Instant.now().plus(Duration.ofDays(1)));
    Instant from = call.instant("from").orElse(to.minus(Duration.ofDays(31)));
    Page page = call.page();
    List<Map<String, Object>> entries =
        rows.list(
            "select id, kind, amount_paise, balance_after_paise, meter_serial, reference, "
                + "details, occurred_at from ledger_api.journal where account_id = ? and occurred_at >= ? and occurred_at < ? "
                + "order by occurred_at desc, id desc"
                + page.sql(),
            id,
            from,
            to);
    for (Map<String, Object> e : entries) {
      // jsonb arrives as text; a consumer of the statement reads the charge lines as JSON, not as a
      // string it must parse again
      if (e.get("details") instanceof String json) {
        e.put("details", JsonExchange.JSON.readTree(json));
      }
    }
    call.send(200, page.of(entries));
  }

  private void meters(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    Page page = call.page();
    call.send(
        200,
        page.of(
            rows.list(
                "select meter_serial, valid_from, valid_to from ledger_api.account_meters "
                    + "where account_id = ? order by valid_from desc"
                    + page.sql(),
                id)));
  }

  private void receipts(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    Page page = call.page();
    call.send(
        200,
        page.of(
            rows.list(
                RECEIPT_COLUMNS
                    + " where p.account_id = ? order by p.received_at desc"
                    + page.sql(),
                id)));
  }

  static final String RECEIPT_COLUMNS =
      "select p.receipt_number, p.gateway_reference, p.account_id, p.amount_paise, "
          + "p.channel, p.received_at, p.status, p.balance_after_paise, p.reversed_at, p.reversal_reason, "
          + "coalesce(r.amount_paise, 0) as arrears_recovered_paise "
          + "from ledger_api.payments p left join ledger_api.arrears_recoveries r on r.gateway_reference = p.gateway_reference";

  private void receipt(Call call) throws Exception {
    String number = call.path("receiptNumber");
    Optional<Map<String, Object>> r =
        rows.one(RECEIPT_COLUMNS + " where p.receipt_number = ?", number);
    if (r.isEmpty()) {
      throw new ApiError(404, "receipt_not_found", "no receipt " + number, null);
    }
    if (!call.principal().is(Role.PAYMENT_GATEWAY)) {
      access.account(call.principal(), (String) r.get().get("accountId"));
    }
    call.send(200, r.get());
  }
}
