package org.urja.headend.selfcare;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Role;

/**
 * Consumer self-service over the API: OTP linking by consumer number, complaints, outages (the
 * registered mobile, contacts and payment links: {@link ConnectionsApi}).
 */
public final class SelfcareApi {
  private final Rows rows;
  private final Access access;
  private final OtpLinking linking;
  private final Complaints complaints;

  public SelfcareApi(Rows rows, Access access, OtpLinking linking, Complaints complaints) {
    this.rows = rows;
    this.access = access;
    this.linking = linking;
    this.complaints = complaints;
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
        .body(Field.required("accountId", "string"))
        .returns(202, Schema.of(OtpLinking.Challenge.class))
        .fails(404, "account_not_found")
        .fails(409, "no_registered_mobile")
        .fails(429, "otp_rate_limited");
    r.add(
            "POST",
            "/api/selfcare/links/verify",
            consumer,
            "link the account with the OTP {accountId, otp}",
            this::verify)
        .body(Field.required("accountId", "string"), Field.required("otp", "string"))
        .returns(201, Schema.row("accountId, linked:boolean"))
        .fails(403, "verification_failed")
        .fails(409, "otp_not_requested")
        .fails(410, "otp_expired")
        .fails(429, "otp_locked");
    r.add("GET", "/api/selfcare/links", consumer, "accounts linked to this consumer", this::links)
        .returns(200, Schema.object(Field.required("accounts", "array").about("account IDs")));
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
            Field.optional("description", "string"))
        .returns(201, COMPLAINT)
        .returns(
            200,
            Schema.object(
                Field.required("outage", "object").about("the open outage on the account's feeder"),
                Field.required("message", "string")))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
    r.add("GET", "/api/complaints", both, "list (?accountId, ?status, ?limit, ?offset)", this::list)
        .returns(200, Schema.page(COMPLAINT))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
    r.add("GET", "/api/complaints/{number}", both, "track one complaint", this::track)
        .returns(200, COMPLAINT)
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "complaint_not_found");
    r.add(
            "POST",
            "/api/complaints/{number}/status",
            Router.operator(),
            "update {status, resolution?}",
            this::update)
        .body(Field.required("status", "string"), Field.optional("resolution", "string"))
        .returns(200, COMPLAINT)
        .fails(403, "other_utility")
        .fails(404, "complaint_not_found");
    r.add("GET", "/api/outages", Router.operator(), "outages (?open=true)", this::outages)
        .returns(
            200,
            Schema.page(
                Schema.row(
                    "id:integer, utilityId, feeder, openedAt:date-time, firstEventAt:date-time, "
                        + "metersAffected:integer, closedAt:date-time")));
    r.add(
            "POST",
            "/api/meters/{serial}/network",
            Router.operator(),
            "place a meter {feeder, transformer?}",
            this::place)
        .body(Field.required("feeder", "string"), Field.optional("transformer", "string"))
        .returns(200, Schema.row("meterSerial, feeder"))
        .fails(403, "other_utility")
        .fails(404, "meter_not_found");
  }

  private static final com.fasterxml.jackson.databind.node.ObjectNode COMPLAINT =
      Schema.row(
          "complaintNumber, accountId, utilityId, category, description, status, channel, "
              + "createdAt:date-time, updatedAt:date-time, resolution");

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
