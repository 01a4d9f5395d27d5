package org.urja.headend.api.accounts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Principal;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.ingest.store.Meter;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.db.Json;
import org.urja.ledger.db.LedgerDataException;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffBook;

/**
 * What an operator changes in the ledger: the utility's consumer-protection settings and holidays,
 * tariff versions, accounts (opening, meter replacement, the explicit switch between prepaid and
 * postpaid). Every call is audited by the router.
 */
public final class AccountAdminApi {
  private final UtilityRegistry utilities;
  private final TariffBook tariffs;
  private final AccountRegistry accounts;
  private final Access access;
  private final MeterEnrolment meters;
  private final Clock clock;

  public AccountAdminApi(
      UtilityRegistry utilities,
      TariffBook tariffs,
      AccountRegistry accounts,
      Access access,
      MeterDirectory directory,
      PerMeterModels models,
      Clock clock) {
    this.utilities = utilities;
    this.tariffs = tariffs;
    this.accounts = accounts;
    this.access = access;
    this.meters = new MeterEnrolment(directory, models);
    this.clock = clock;
  }

  public void register(Router r) {
    r.add(
            "PUT",
            "/api/utilities/{utilityId}",
            Router.operator(),
            "register a utility or replace its settings {name, settings{alertPercentages, graceDays, …}}",
            this::utility)
        .body(
            Field.required("name", "string"),
            Field.optional("settings", "object")
                .about("UtilitySettings; omitted fields take the defaults"))
        .returns(
            200,
            Schema.with(
                Schema.row("utilityId, name"),
                Field.required("settings", "object").about("the settings now in force")))
        .fails(403, "forbidden");
    r.add(
            "POST",
            "/api/utilities/{utilityId}/holidays",
            Router.operator(),
            "add a holiday {date, name}",
            this::holiday)
        .body(Field.required("date", "date"), Field.required("name", "string"))
        .returns(201, Schema.row("utilityId, date:date"))
        .fails(403, "forbidden");
    r.add(
            "POST",
            "/api/tariffs",
            Router.operator(),
            "load tariff versions: a JSON array of tariffs",
            this::tariffs)
        .body(
            Field.required("utilityId", "string"),
            Field.required("code", "string"),
            Field.required("effectiveFrom", "date"),
            Field.required("slabs", "array")
                .about("[{upToKwh (null: open-ended), ratePaisePerKwh}]"),
            Field.required("fixedChargePaisePerKwPerDay", "number"),
            Field.required("dutyPercent", "number"),
            Field.optional("timeOfDay", "array"),
            Field.optional("prepaidRebate", "object"))
        .returns(201, Schema.row("loaded:integer"))
        .fails(400, "invalid_field")
        .fails(403, "forbidden");
    r.add(
            "POST",
            "/api/accounts",
            Router.operator(),
            "open an account {accountId, utilityId, consumerName, phone, language, paymentMode, tariffCode, sanctionedLoadKw, meterSerial}",
            this::open)
        .body(
            Field.required("accountId", "string"),
            Field.required("utilityId", "string"),
            Field.required("consumerName", "string"),
            Field.required("phone", "string"),
            Field.optional("language", "string"),
            Field.required("paymentMode", "string").about("prepaid or postpaid"),
            Field.required("tariffCode", "string"),
            Field.optional("sanctionedLoadKw", "number"),
            Field.required("meterSerial", "string")
                .about(
                    "registered as a meter of the utility if it is not yet (as POST /api/meters)"))
        .returns(201, Schema.row("accountId, paymentMode"))
        .fails(403, "forbidden")
        .fails(409, "account_conflict", "meter_other_utility");
    r.add(
            "POST",
            "/api/accounts/{accountId}/payment-mode",
            Router.operator(),
            "switch prepaid/postpaid explicitly {paymentMode, reason}",
            this::switchMode)
        .body(Field.required("paymentMode", "string"), Field.required("reason", "string"))
        .returns(200, Schema.row("accountId, paymentMode, changed:boolean"))
        .fails(403, "other_utility")
        .fails(404, "account_not_found");
    r.add(
            "POST",
            "/api/accounts/{accountId}/meter",
            Router.operator(),
            "replace the account's meter {meterSerial}; the new meter's first reading is its baseline",
            this::replaceMeter)
        .body(Field.required("meterSerial", "string"))
        .returns(200, Schema.row("accountId, meterSerial"))
        .fails(403, "other_utility")
        .fails(404, "account_not_found")
        .fails(409, "meter_in_use", "meter_other_utility");
  }

  private void requireUtility(Principal who, String utility) {
    if (!who.seesUtility(utility)) {
      throw new ApiError(403, "forbidden", "this key belongs to another utility", "utilityId");
    }
  }

  private void utility(Call call) throws Exception {
    String id = call.path("utilityId");
    requireUtility(call.principal(), id);
    JsonNode body = call.body();
    String name = JsonExchange.text(body, "name");
    UtilitySettings settings;
    try {
      settings =
          body.hasNonNull("settings")
              ? Json.MAPPER.treeToValue(body.get("settings"), UtilitySettings.class)
              : UtilitySettings.defaults();
    } catch (Exception e) {
      throw ApiError.badField("settings", "settings are not valid: " + rootMessage(e));
    }
    utilities.register(id, name, settings);
    call.audit("utility " + id + " settings");
    call.send(200, Map.of("utilityId", id, "name", name, "settings", settings));
  }

  private void holiday(Call call) throws Exception {
    String id = call.path("utilityId");
    requireUtility(call.principal(), id);
    JsonNode body = call.body();
    LocalDate day;
    try {
      day = LocalDate.parse(JsonExchange.text(body, "date"));
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badField("date", "date must be YYYY-MM-DD");
    }
    utilities.addHoliday(id, day, JsonExchange.text(body, "name"));
    call.audit("holiday " + id + " " + day);
    call.send(201, Map.of("utilityId", id, "date", day.toString()));
  }

  private void tariffs(Call call) throws Exception {
    JsonNode body = call.bodyTree();
    List<Tariff> loaded;
    try {
      loaded =
          Json.MAPPER.convertValue(
              body.isArray() ? body : JsonExchange.JSON.createArrayNode().add(body),
              new TypeReference<List<Tariff>>() {});
    } catch (IllegalArgumentException e) {
      throw ApiError.badField("tariffs", "tariff is not valid: " + rootMessage(e));
    }
    for (Tariff t : loaded) {
      requireUtility(call.principal(), t.utilityId());
    }
    loaded.forEach(tariffs::save);
    call.audit(
        "tariffs "
            + loaded.stream()
                .map(t -> t.utilityId() + "/" + t.code() + "@" + t.effectiveFrom())
                .toList());
    call.send(201, Map.of("loaded", loaded.size()));
  }

  private void open(Call call) throws Exception {
    JsonNode b = call.body();
    String utility = JsonExchange.text(b, "utilityId");
    requireUtility(call.principal(), utility);
    PaymentMode mode = mode(b);
    BigDecimal load;
    try {
      load = new BigDecimal(b.path("sanctionedLoadKw").asText("1"));
    } catch (NumberFormatException e) {
      throw ApiError.badField(
          "sanctionedLoadKw", "sanctionedLoadKw must be a decimal number of kW");
    }
    Account a =
        new Account(
            JsonExchange.text(b, "accountId"),
            utility,
            JsonExchange.text(b, "consumerName"),
            JsonExchange.text(b, "phone"),
            b.path("language").asText("en"),
            mode,
            JsonExchange.text(b, "tariffCode"),
            load,
            clock.instant());
    String serial = JsonExchange.text(b, "meterSerial");
    Optional<Meter> known = meters.check(serial, utility);
    try {
      accounts.open(a, serial);
    } catch (LedgerDataException e) {
      throw new ApiError(
          409,
          "account_conflict",
          "account or meter link conflicts with an existing one: " + rootMessage(e),
          "accountId");
    }
    meters.enrol(serial, utility, known);
    call.audit("open " + a.accountId() + " " + mode.dbValue());
    call.send(201, Map.of("accountId", a.accountId(), "paymentMode", mode.dbValue()));
  }

  private void switchMode(Call call) throws Exception {
    String id = call.path("accountId");
    access.account(call.principal(), id);
    JsonNode b = call.body();
    PaymentMode to = mode(b);
    String reason = JsonExchange.text(b, "reason");
    boolean changed =
        accounts.switchMode(
            id, to, "operator", call.principal().name() + ": " + reason, clock.instant());
    call.audit("payment mode " + id + " -> " + to.dbValue() + ": " + reason);
    call.send(200, Map.of("accountId", id, "paymentMode", to.dbValue(), "changed", changed));
  }

  private void replaceMeter(Call call) throws Exception {
    String id = call.path("accountId");
    String utility = access.account(call.principal(), id);
    String serial = JsonExchange.text(call.body(), "meterSerial");
    Optional<Meter> known = meters.check(serial, utility);
    try {
      accounts.replaceMeter(id, serial, clock.instant());
    } catch (LedgerDataException e) {
      throw new ApiError(
          409,
          "meter_in_use",
          "meter " + serial + " already serves another account",
          "meterSerial");
    }
    meters.enrol(serial, utility, known);
    call.audit("meter " + id + " -> " + serial);
    call.send(200, Map.of("accountId", id, "meterSerial", serial));
  }

  private static PaymentMode mode(JsonNode b) {
    String m = JsonExchange.text(b, "paymentMode").toUpperCase();
    try {
      return PaymentMode.valueOf(m);
    } catch (IllegalArgumentException e) {
      throw ApiError.badField("paymentMode", "paymentMode must be prepaid or postpaid");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
