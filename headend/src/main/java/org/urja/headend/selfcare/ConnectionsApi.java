package org.urja.headend.selfcare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Role;
import org.urja.ledger.account.MobileNumber;
import org.urja.ledger.account.UtilityContact;

/**
 * The self-care app's connections: register a mobile by OTP and see every connection on it, the
 * utility's published contact details, and the payment link for an account.
 */
public final class ConnectionsApi {
  private final Access access;
  private final MobileRegistration mobiles;
  private final UtilityContacts contacts;
  private final PaymentLinks payments;

  ConnectionsApi(
      Access access, MobileRegistration mobiles, UtilityContacts contacts, PaymentLinks payments) {
    this.access = access;
    this.mobiles = mobiles;
    this.contacts = contacts;
    this.payments = payments;
  }

  public void register(Router r) {
    var consumer = EnumSet.of(Role.CONSUMER_CHANNEL);
    var both = EnumSet.of(Role.OPERATOR, Role.CONSUMER_CHANNEL);
    r.add(
            "POST",
            "/api/selfcare/mobile",
            consumer,
            "send an OTP to {mobile}, when a connection is registered with it",
            this::requestMobile)
        .body(Field.required("mobile", "string").about("10 digits, optionally after +91 or 0"))
        .returns(202, Schema.of(MobileRegistration.Challenge.class))
        .fails(429, "otp_rate_limited");
    r.add(
            "POST",
            "/api/selfcare/mobile/verify",
            consumer,
            "register the mobile with the OTP {mobile, otp}; answers its connections",
            this::verifyMobile)
        .body(Field.required("mobile", "string"), Field.required("otp", "string"))
        .returns(
            201,
            Schema.object(
                Field.required("mobile", "string").about("masked"),
                Field.required("connections", "array").about("MobileRegistration.Connection rows")))
        .fails(403, "verification_failed")
        .fails(409, "otp_not_requested")
        .fails(410, "otp_expired")
        .fails(429, "otp_locked");
    r.add(
            "GET",
            "/api/selfcare/connections",
            consumer,
            "every connection of this consumer: those on its registered mobiles and those linked",
            this::connections)
        .returns(
            200,
            Schema.object(
                Field.required("mobiles", "array").about("masked mobile numbers"),
                Field.required("connections", "array")
                    .about("accountId, utilityId, utilityName, consumerName, paymentMode, via")));
    r.add(
            "GET",
            "/api/selfcare/utilities/{utilityId}/contact",
            both,
            "the utility's helpline, WhatsApp, e-mail, website and office hours",
            this::contact)
        .returns(
            200, Schema.row("utilityId, name, helpline, whatsapp, email, website, officeHours"))
        .fails(404, "utility_not_found");
    r.add(
            "GET",
            "/api/selfcare/accounts/{accountId}/recharge-link",
            both,
            "the utility's payment page for this account (?amountPaise); 404 when none is configured",
            this::rechargeLink)
        .returns(200, Schema.of(PaymentLinks.Link.class))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found", "no_payment_link");
  }

  private void requestMobile(Call call) throws Exception {
    String mobile = JsonExchange.text(call.body(), "mobile");
    call.audit("otp for a mobile");
    call.send(202, mobiles.request(call.principal().subject(), mobile));
  }

  private void verifyMobile(Call call) throws Exception {
    JsonNode body = call.body();
    String mobile = JsonExchange.text(body, "mobile");
    String otp = JsonExchange.text(body, "otp");
    if (!otp.matches("\\d{6}")) {
      throw ApiError.badField("otp", "otp is the 6-digit code sent to the mobile number");
    }
    call.audit("register mobile");
    List<MobileRegistration.Connection> seen =
        mobiles.verify(call.principal().subject(), mobile, otp);
    call.send(
        201,
        Map.of("mobile", MobileNumber.parse(mobile).orElseThrow().masked(), "connections", seen));
  }

  private void connections(Call call) throws Exception {
    String subject = call.principal().subject();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mobiles", mobiles.mobilesOf(subject).stream().map(MobileNumber::masked).toList());
    out.put("connections", mobiles.connections(subject));
    call.send(200, out);
  }

  private void contact(Call call) throws Exception {
    UtilityContacts.Contact c = contacts.of(call.path("utilityId"));
    UtilityContact d = c.contact();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("utilityId", c.utilityId());
    out.put("name", c.name());
    out.put("helpline", d.helpline());
    out.put("whatsapp", d.whatsapp());
    out.put("email", d.email());
    out.put("website", d.website());
    out.put("officeHours", d.officeHours());
    call.send(200, out);
  }

  private void rechargeLink(Call call) throws Exception {
    String account = call.path("accountId");
    access.account(call.principal(), account);
    Long amount = null;
    if (call.query("amountPaise").isPresent()) {
      try {
        amount = Long.parseLong(call.query("amountPaise").get());
      } catch (NumberFormatException e) {
        amount = -1L;
      }
      if (amount <= 0) {
        throw ApiError.badField("amountPaise", "amountPaise is a positive whole number of paise");
      }
    }
    PaymentLinks.Link link =
        payments
            .forAccount(account, amount)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "no_payment_link",
                        "the utility of account "
                            + account
                            + " has no payment page configured (paymentLinkTemplate)",
                        null));
    call.send(200, link);
  }
}
