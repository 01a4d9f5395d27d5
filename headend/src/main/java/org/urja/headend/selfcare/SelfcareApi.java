package org.urja.headend.selfcare;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Page;
import org.urja.headend.api.Router;
import org.urja.headend.api.Rows;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Role;

/** Consumer self-service over the API: OTP linking, recharge links, complaints, outages. */
public final class SelfcareApi {
  private final Rows rows;
  private final Access access;
  private final OtpLinking linking;
  private final Complaints complaints;
  private final String rechargeUrl;

  public SelfcareApi(
      Rows rows, Access access, OtpLinking linking, Complaints complaints, String rechargeUrl) {
    this.rows = rows;
    this.access = access;
    this.linking = linking;
    this.complaints = complaints;
    this.rechargeUrl = rechargeUrl;
  }

  public void register(Router r) {
    var consumer = EnumSet.of(Role.CONSUMER_CHANNEL);
    var both = EnumSet.of(Role.OPERATOR, Role.CONSUMER_CHANNEL);
    r.add(
            "POST",
            "/api/selfcare/links",
            consumer,
            "send an OTP to the account's registered mobile {accountId}",
            this::requestLink)
        .body(Field.required("accountId", "string"));
    r.add(
            "POST",
            "/api/selfcare/links/verify",
            consumer,
            "link the account with the OTP {accountId, otp}",
            this::verify)
        .body(Field.required("accountId", "string"), Field.required("otp", "string"));
    r.add("GET", "/api/selfcare/links", consumer, "accounts linked to this consumer", this::links);
    r.add(
        "GET",
        "/api/selfcare/accounts/{accountId}/recharge-link",
        both,
        "where to pay for this account",
        this::rechargeLink);
    r.add(
            "POST",
            "/api/complaints",
            both,
            "register {accountId, category, description?}; an open outage answers instead",
            this::create)
        .body(
            Field.required("accountId", "string"),
            Field.required("category", "string")
                .about("supply_interruption, faulty_meter, bill_correction or new_connection"),
            Field.optional("description", "string"));
    r.add(
        "GET", "/api/complaints", both, "list (?accountId, ?status, ?limit, ?offset)", this::list);
    r.add("GET", "/api/complaints/{number}", both, "track one complaint", this::track);
    r.add(
            "POST",
            "/api/complaints/{number}/status",
            Router.operator(),
            "update {status, resolution?}",
            this::update)
        .body(Field.required("status", "string"), Field.optional("resolution", "string"));
    r.add("GET", "/api/outages", Router.operator(), "outages (?open=true)", this::outages);
    r.add(
            "POST",
            "/api/meters/{serial}/network",
            Router.operator(),
            "place a meter {feeder, transformer?}",
            this::place)
        .body(Field.required("feeder", "string"), Field.optional("transformer", "string"));
  }

  private void requestLink(Call call) throws Exception {
    String account = JsonExchange.text(call.body(), "accountId");
    call.audit("otp for " + account);
    call.send(202, linking.request(call.principal().subject(), account));
  }

  private void verify(Call call) throws Exception {
    JsonNode body = call.body();
    String account = JsonExchange.text(body, "accountId");
    String otp = JsonExchange.text(body, "otp");
    if (!otp.matches("\\d{6}")) {
      throw ApiError.badField(
          "otp", "otp is the 6-digit code sent to the registered mobile number");
    }
    call.audit("link " + account);
    linking.verify(call.principal().subject(), account, otp);
    call.send(201, Map.of("accountId", account, "linked", true));
  }

  private void links(Call call) throws Exception {
    call.send(200, Map.of("accounts", linking.linkedAccounts(call.principal().subject())));
  }

  /** The payment page for an account, from the {@code selfcare.recharge.url} template. */
  public String rechargeUrl(String accountId) {
    return rechargeUrl.replace("{accountId}", URLEncoder.encode(accountId, StandardCharsets.UTF_8));
  }

  private void rechargeLink(Call call) throws Exception {
    String account = call.path("accountId");
    access.account(call.principal(), account);
    call.send(200, Map.of("accountId", account, "url", rechargeUrl(account)));
  }

  private void create(Call call) throws Exception {
    JsonNode body = call.body();
    String account = JsonExchange.text(body, "accountId");
    ComplaintCategory category = ComplaintCategory.fromWire(JsonExchange.text(body, "category"));
    String description = body.path("description").asText("");
    if (description.length() > 2000) {
      throw ApiError.badField("description", "description is at most 2000 characters");
    }
    access.account(call.principal(), account);
    Complaints.Registration r =
        complaints.register(account, category, description, call.principal().role().wire());
    if (r.isOutage()) {
      call.audit("outage shown to " + account);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("outage", r.outage());
      out.put(
          "message",
          "A supply interruption on feeder "
              + r.outage().get("feeder")
              + " is already known and being restored; no separate complaint is needed.");
      call.send(200, out);
    } else {
      call.audit("complaint " + r.complaint().get("complaintNumber"));
      // a registration sent again answers with the complaint it opened, as a read
      call.send(r.repeated() ? 200 : 201, r.complaint());
    }
  }

  private void list(Call call) throws Exception {
    String account = call.query("accountId").orElse(null);
    if (account != null) {
      access.account(call.principal(), account);
    } else if (call.principal().is(Role.CONSUMER_CHANNEL)) {
      throw ApiError.badField("accountId", "accountId is required for a consumer channel");
    }
    call.send(
        200,
        complaints.list(
            account, call.principal().utilityId(), call.query("status").orElse(null), call.page()));
  }

  private Map<String, Object> visible(Call call, String number) {
    Map<String, Object> c =
        complaints
            .find(number)
            .orElseThrow(
                () -> new ApiError(404, "complaint_not_found", "no complaint " + number, null));
    access.account(call.principal(), (String) c.get("accountId"));
    return c;
  }

  private void track(Call call) throws Exception {
    call.send(200, visible(call, call.path("number")));
  }

  private void update(Call call) throws Exception {
    String number = call.path("number");
    visible(call, number);
    JsonNode body = call.body();
    String status = JsonExchange.text(body, "status");
    call.audit("complaint " + number + " -> " + status);
    call.send(
        200,
        complaints.update(
            number,
            status,
            body.hasNonNull("resolution") ? body.get("resolution").asText() : null));
  }

  private void outages(Call call) throws Exception {
    Page page = call.page();
    boolean open = call.query("open").map(Boolean::parseBoolean).orElse(false);
    String utility = call.principal().utilityId();
    call.send(
        200,
        page.of(
            rows.list(
                "select id, utility_id, feeder, opened_at, first_event_at, meters_affected, closed_at "
                    + "from outages where (?::text is null or utility_id = ?) and (not ? or closed_at is null) order by id desc"
                    + page.sql(),
                utility,
                utility,
                open)));
  }

  private void place(Call call) throws Exception {
    String serial = call.path("serial");
    access.meter(call.principal(), serial);
    JsonNode body = call.body();
    String feeder = JsonExchange.text(body, "feeder");
    String transformer = body.hasNonNull("transformer") ? body.get("transformer").asText() : null;
    call.audit("meter " + serial + " on feeder " + feeder);
    rows.update(
        "insert into meter_network (meter_serial, feeder, transformer) values (?, ?, ?) on conflict (meter_serial) "
            + "do update set feeder = excluded.feeder, transformer = excluded.transformer",
        serial,
        feeder,
        transformer);
    call.send(200, Map.of("meterSerial", serial, "feeder", feeder));
  }
}
