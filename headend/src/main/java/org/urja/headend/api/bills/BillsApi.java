package org.urja.headend.api.bills;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
import org.urja.headend.api.auth.Role;
import org.urja.headend.billing.PostpaidBilling;
import org.urja.headend.documents.DocumentLinks;
import org.urja.headend.documents.Documents;
import org.urja.headend.http.HttpApi;
import org.urja.ledger.billing.Bill;
import org.urja.ledger.billing.BillRun;
import org.urja.ledger.billing.BillingSettings;
import org.urja.ledger.db.LedgerDataException;
import org.urja.ledger.payment.Receipt;

/**
 * Postpaid bills and PDF documents over HTTP: an account's bills, a bill or a receipt as PDF (API
 * keys, the same access rules as the account), the operator's bill run and billing rules, and the
 * signed links under {@code /documents/…} that need no key.
 */
public final class BillsApi {

  private final PostpaidBilling billing;
  private final Documents documents;
  private final DocumentLinks links;
  private final Access access;

  public BillsApi(
      PostpaidBilling billing, Documents documents, DocumentLinks links, Access access) {
    this.billing = billing;
    this.documents = documents;
    this.links = links;
    this.access = access;
  }

  public void register(Router r) {
    var readers = EnumSet.of(Role.OPERATOR, Role.CONSUMER_CHANNEL);
    r.add(
            "GET",
            "/api/accounts/{id}/bills",
            readers,
            "the account's postpaid bills, newest first, with PDF links",
            this::list)
        .returns(
            200,
            Schema.with(
                Schema.row("accountId"),
                Field.required("bills", "array")
                    .about(
                        "[{billNo, periodStart, periodEnd, meterSerial, openingWh, closingWh, kwh, "
                            + "estimated, lines, currentChargesPaise, latePaymentPaise, arrearsPaise, "
                            + "advancePaise, amountDuePaise, unpaidPaise, issuedAt, dueDate, pdf, link}]")))
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "account_not_found");
    r.add(
            "GET",
            "/api/bills/{billNo}.pdf",
            readers,
            "a bill as PDF (application/pdf)",
            this::billPdf)
        .returns(200, "application/pdf", "the bill")
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "bill_not_found");
    r.add(
            "GET",
            "/api/payments/{reference}/receipt.pdf",
            EnumSet.of(Role.OPERATOR, Role.CONSUMER_CHANNEL, Role.PAYMENT_GATEWAY),
            "a payment's receipt as PDF (application/pdf)",
            this::receiptPdf)
        .returns(200, "application/pdf", "the receipt")
        .fails(403, "other_utility", "account_not_linked")
        .fails(404, "payment_not_found");
    r.add(
            "POST",
            "/api/bills/run",
            Router.operator(),
            "bill every postpaid account for an ended month {month}",
            this::run)
        .body(Field.required("month", "string").about("YYYY-MM, in the utilities' civil time"))
        .returns(
            200,
            Schema.with(
                Schema.row("month"),
                Field.required("issued", "array").about("bill numbers issued by this run"),
                Field.required("alreadyBilled", "integer"),
                Field.required("failed", "object").about("account → why it was not billed")));
    r.add(
            "PUT",
            "/api/utilities/{id}/billing",
            Router.operator(),
            "a utility's postpaid rules {dueDays, latePaymentPercent, reminderDaysBefore, staleReadingHours}",
            this::settings)
        .body(
            Field.required("dueDays", "integer"),
            Field.required("latePaymentPercent", "number"),
            Field.optional("reminderDaysBefore", "integer"),
            Field.optional("staleReadingHours", "integer"))
        .returns(200, Schema.of(BillingSettings.class))
        .fails(403, "other_utility")
        .fails(404, "utility_not_found");
    r.external(
            "GET",
            "/documents/{kind}/{id}.pdf",
            "a bill or receipt PDF by signed, expiring link (?expires, ?sig); kind is bill or receipt")
        .returns(200, "application/pdf", "the document")
        .fails(403, "link_invalid")
        .fails(404, "bill_not_found", "payment_not_found")
        .fails(405, "method_not_allowed");
  }

  /** The signed links: {@code GET /documents/{bill|receipt}/{id}.pdf?expires=…&sig=…}. */
  public void registerLinks(HttpApi http) {
    http.route("/documents", this::signed);
  }

  private void list(Call call) throws Exception {
    String account = call.path("id");
    access.account(call.principal(), account);
    List<Map<String, Object>> out =
        billing.bills().ofAccount(account).stream().map(this::view).toList();
    call.send(200, Map.of("accountId", account, "bills", out));
  }

  private Map<String, Object> view(Bill b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("billNo", b.billNo());
    m.put("periodStart", b.periodStart());
    m.put("periodEnd", b.periodEnd().minusDays(1));
    m.put("meterSerial", b.meterSerial());
    m.put("openingWh", b.openingWh());
    m.put("closingWh", b.closingWh());
    m.put("kwh", b.kwh());
    m.put("estimated", b.estimated());
    m.put("lines", b.lines());
    m.put("currentChargesPaise", b.currentChargesPaise());
    m.put("latePaymentPaise", b.latePaymentPaise());
    m.put("arrearsPaise", b.arrearsPaise());
    m.put("advancePaise", b.advancePaise());
    m.put("amountDuePaise", b.amountDuePaise());
    m.put("unpaidPaise", b.unpaidPaise());
    m.put("issuedAt", b.issuedAt());
    m.put("dueDate", b.dueDate());
    m.put("pdf", "/api/bills/" + b.billNo() + ".pdf");
    m.put("link", links.link(DocumentLinks.BILL, b.billNo()));
    return m;
  }

  private void billPdf(Call call) throws Exception {
    Bill b = bill(call.path("billNo"));
    access.account(call.principal(), b.accountId());
    pdf(call.exchange(), b.billNo(), documents.billPdf(b));
  }

  private void receiptPdf(Call call) throws Exception {
    Receipt r = receipt(call.path("reference"));
    if (!call.principal().is(Role.PAYMENT_GATEWAY)) {
      access.account(call.principal(), r.accountId());
    }
    pdf(call.exchange(), r.receiptNumber(), documents.receiptPdf(r));
  }

  private void run(Call call) throws Exception {
    String month = JsonExchange.text(call.body(), "month");
    YearMonth ym;
    try {
      ym = YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      throw ApiError.badField("month", "month must look like 2026-02");
    }
    call.audit("bill run " + ym);
    BillRun.Report report = billing.run().run(ym);
    call.send(
        200,
        Map.of(
            "month",
            ym.toString(),
            "issued",
            report.issued().stream().map(Bill::billNo).toList(),
            "alreadyBilled",
            report.alreadyBilled(),
            "failed",
            report.failed()));
  }

  private void settings(Call call) throws Exception {
    String utility = call.path("id");
    if (!call.principal().seesUtility(utility)) {
      throw new ApiError(
          403, "other_utility", "utility " + utility + " is not this operator's", null);
    }
    JsonNode body = call.body();
    BillingSettings d = BillingSettings.defaults();
    BillingSettings s =
        new BillingSettings(
            intIn(body, "dueDays", d.dueDays(), 1, 60),
            percent(body),
            intIn(body, "reminderDaysBefore", d.reminderDaysBefore(), 0, 30),
            intIn(body, "staleReadingHours", d.staleReadingHours(), 1, 24 * 31));
    call.audit("billing rules of " + utility);
    try {
      billing.saveRules(utility, s);
    } catch (LedgerDataException e) {
      // the rules row refers to the utility: an unknown one fails its foreign key
      throw new ApiError(404, "utility_not_found", "no utility " + utility, null);
    }
    call.send(200, s);
  }

  private static int intIn(JsonNode body, String field, int dflt, int min, int max) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw ApiError.badField(field, field + " must be a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }

  private static BigDecimal percent(JsonNode body) {
    JsonNode v = body.get("latePaymentPercent");
    if (v == null
        || !v.isNumber()
        || v.decimalValue().signum() < 0
        || v.decimalValue().compareTo(BigDecimal.TEN) > 0
        || v.decimalValue().scale() > 2) {
      throw ApiError.badField(
          "latePaymentPercent",
          "latePaymentPercent must be a number from 0 to 10, at most 2 decimals");
    }
    return v.decimalValue();
  }

  private void signed(HttpExchange ex) throws IOException {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(
              pair.substring(0, eq),
              java.net.URLDecoder.decode(
                  pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    if (!ex.getRequestMethod().equals("GET")) {
      JsonExchange.error(
          ex, new ApiError(405, "method_not_allowed", "documents are read with GET", null));
      return;
    }
    Optional<DocumentLinks.Target> target =
        links.verify(ex.getRequestURI().getPath(), q.get("expires"), q.get("sig"));
    if (target.isEmpty()) {
      // one answer for forged, altered and expired links: nothing tells which part was wrong
      JsonExchange.error(
          ex,
          new ApiError(
              403, "link_invalid", "this link is invalid or has expired; ask for a new one", null));
      return;
    }
    try {
      DocumentLinks.Target t = target.get();
      if (t.kind().equals(DocumentLinks.BILL)) {
        Bill b = bill(t.id());
        pdf(ex, b.billNo(), documents.billPdf(b));
      } else {
        Receipt r = receipt(t.id());
        pdf(ex, r.receiptNumber(), documents.receiptPdf(r));
      }
    } catch (ApiError e) {
      JsonExchange.error(ex, e);
    }
  }

  private Bill bill(String billNo) {
    return documents
        .bill(billNo)
        .orElseThrow(() -> new ApiError(404, "bill_not_found", "no bill " + billNo, null));
  }

  private Receipt receipt(String reference) {
    return documents
        .receipt(reference)
        .orElseThrow(
            () ->
                new ApiError(
                    404, "payment_not_found", "no payment with reference " + reference, null));
  }

  static void pdf(HttpExchange ex, String name, byte[] bytes) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/pdf");
    ex.getResponseHeaders().set("Content-Disposition", "inline; filename=\"" + name + ".pdf\"");
    ex.getResponseHeaders().set("Cache-Control", "private, no-store");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
