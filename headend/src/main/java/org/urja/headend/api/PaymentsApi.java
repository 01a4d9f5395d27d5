package org.urja.headend.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.api.auth.Access;
import org.urja.headend.api.auth.Role;
import org.urja.ledger.payment.PaymentBounds;
import org.urja.ledger.payment.PaymentConflictException;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.PaymentRejectedException;
import org.urja.ledger.payment.Receipt;
import org.urja.ledger.payment.Reversal;

/**
 * The gateway posting endpoint. Gateways deliver callbacks at least once, for up to a day, out of
 * order: the gateway reference makes a repeat harmless (same receipt back, HTTP 200 instead of
 * 201).
 *
 * <pre>
 * POST /api/payments            {"accountId","amountPaise","gatewayReference","channel","receivedAt"?}
 * GET  /api/payments/{reference}
 * POST /api/payments/{reference}/reversal   {"reason"}
 * </pre>
 *
 * A payment is bounded before it moves money (see {@code PaymentBounds}): the reference's shape,
 * the utility's maximum amount, a receipt time at most the utility's tolerance ahead of this clock.
 *
 * <p>Payment-gateway keys post for any utility (a gateway serves several); operators (a cash
 * counter) only for accounts of their utility.
 */
public final class PaymentsApi {
  private static final Logger log = LoggerFactory.getLogger(PaymentsApi.class);
  private final PaymentPosting payments;
  private final Access access;
  private final Clock clock;
  private final Consumer<String> afterCredit;

  /**
   * @param afterCredit told the account after each new credit (the head-end wakes its relay
   *     dispatcher)
   */
  public PaymentsApi(
      PaymentPosting payments, Access access, Clock clock, Consumer<String> afterCredit) {
    this.payments = payments;
    this.access = access;
    this.clock = clock;
    this.afterCredit = afterCredit;
  }

  public void register(Router r) {
    var roles = EnumSet.of(Role.PAYMENT_GATEWAY, Role.OPERATOR);
    r.add(
            "POST",
            "/api/payments",
            roles,
            "post a recharge {accountId, amountPaise, gatewayReference, channel?, receivedAt?}",
            this::post)
        .body(
            Field.required("accountId", "string"),
            Field.required("amountPaise", "integer"),
            Field.required("gatewayReference", "string")
                .about("UTR, BBPS reference or event id: the payment's identity"),
            Field.optional("channel", "string"),
            Field.optional("receivedAt", "date-time"))
        .returns(201, Schema.of(Receipt.class))
        .returns(200, Schema.of(Receipt.class))
        .fails(400, "invalid_reference", "invalid_channel", "invalid_amount")
        .fails(403, "other_utility")
        .fails(404, "account_not_found")
        .fails(409, "payment_conflict")
        .fails(422, "amount_over_limit", "received_in_future", "balance_out_of_range");
    r.add(
            "GET",
            "/api/payments/{reference}",
            roles,
            "the receipt of a gateway reference",
            this::get)
        .returns(200, Schema.of(Receipt.class))
        .fails(403, "other_utility")
        .fails(404, "payment_not_found");
    r.add(
            "POST",
            "/api/payments/{reference}/reversal",
            roles,
            "reverse a payment {reason}",
            this::reverse)
        .body(Field.required("reason", "string"))
        .returns(200, Schema.of(Reversal.class))
        .fails(403, "other_utility")
        .fails(404, "payment_not_found");
  }

  private void post(Call call) throws Exception {
    JsonNode body = call.body();
    String account = JsonExchange.text(body, "accountId");
    long amount = JsonExchange.positiveLong(body, "amountPaise");
    String reference = JsonExchange.text(body, "gatewayReference");
    if (!PaymentBounds.REFERENCE.matcher(reference).matches()) {
      // checked before anything else reads it: the reference goes into the audit row and the log
      throw new ApiError(
          400,
          "invalid_reference",
          "gatewayReference must be 1-64 letters, digits or _ . : / - "
              + "(starting with a letter or digit)",
          "gatewayReference");
    }
    String channel = body.path("channel").asText("gateway");
    Instant received = clock.instant();
    if (body.hasNonNull("receivedAt")) {
      try {
        received = Instant.parse(body.get("receivedAt").asText());
      } catch (DateTimeParseException e) {
        throw ApiError.badField(
            "receivedAt", "receivedAt must be an ISO-8601 instant such as 2026-11-22T04:30:00Z");
      }
    }
    if (call.principal().is(Role.OPERATOR)) {
      access.account(call.principal(), account);
    } else {
      // a gateway posting for an account that does not exist is told so (404), not that its
      // payment broke a rule
      access.exists(account);
    }
    call.audit("payment " + reference + " for " + account);
    Receipt r;
    try {
      r = payments.post(account, amount, reference, channel, received, clock.instant());
    } catch (PaymentConflictException e) {
      throw new ApiError(409, "payment_conflict", e.getMessage(), "gatewayReference");
    } catch (PaymentRejectedException e) {
      throw new ApiError(
          e.code().startsWith("invalid_") ? 400 : 422, e.code(), e.getMessage(), e.field());
    } catch (IllegalArgumentException e) {
      throw new ApiError(422, "payment_rejected", e.getMessage(), null);
    }
    if (!r.replay()) {
      log.info(
          "recharge {} of {} paise for account {} ({})",
          r.receiptNumber(),
          amount,
          account,
          reference);
      afterCredit.accept(account);
    }
    call.send(r.replay() ? 200 : 201, r);
  }

  private void get(Call call) throws Exception {
    String reference = call.path("reference");
    Receipt r =
        payments
            .receipt(reference)
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "payment_not_found", "no payment with reference " + reference, null));
    if (call.principal().is(Role.OPERATOR)) {
      access.account(call.principal(), r.accountId());
    }
    call.send(200, asRead(r));
  }

  /** A read hands back the stored receipt; {@code replay} is for a repeated post only. */
  static Receipt asRead(Receipt r) {
    return new Receipt(
        r.receiptNumber(),
        r.gatewayReference(),
        r.accountId(),
        r.amountPaise(),
        r.channel(),
        r.receivedAt(),
        r.balanceAfterPaise(),
        r.status(),
        false,
        r.arrearsRecoveredPaise(),
        r.arrearsOutstandingPaise());
  }

  private void reverse(Call call) throws Exception {
    String reference = call.path("reference");
    String reason = JsonExchange.text(call.body(), "reason");
    Receipt r =
        payments
            .receipt(reference)
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "payment_not_found", "no payment with reference " + reference, null));
    if (call.principal().is(Role.OPERATOR)) {
      access.account(call.principal(), r.accountId());
    }
    call.audit("reversal of " + reference);
    Reversal rev = payments.reverse(reference, reason);
    call.send(200, rev);
  }
}
