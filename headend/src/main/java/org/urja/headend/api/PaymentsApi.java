package org.urja.headend.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.http.HttpApi;
import org.urja.ledger.payment.PaymentConflictException;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.Receipt;
import org.urja.ledger.payment.Reversal;

/**
 * The gateway posting endpoint. Gateways deliver callbacks at least once, for up to a day, out of
 * order: the gateway reference makes a repeat harmless (same receipt back, HTTP 200 instead of 201).
 *
 * <pre>
 * POST /api/payments            {"accountId","amountPaise","gatewayReference","channel","receivedAt"?}
 * GET  /api/payments/{reference}
 * POST /api/payments/{reference}/reversal   {"reason"}
 * </pre>
 *
 * Authorised by a bearer token from {@code api.gateway.tokens}.
 */
public final class PaymentsApi {
  private static final Logger log = LoggerFactory.getLogger(PaymentsApi.class);
  private final PaymentPosting payments;
  private final List<byte[]> tokens;
  private final Clock clock;
  private final Consumer<String> afterCredit;

  /** @param afterCredit told the account after each new credit (the head-end wakes its relay dispatcher) */
  public PaymentsApi(PaymentPosting payments, List<String> tokens, Clock clock, Consumer<String> afterCredit) {
    this.payments = payments;
    this.tokens = tokens.stream().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.clock = clock;
    this.afterCredit = afterCredit;
  }

  public void register(HttpApi http) {
    http.route("/api/payments", this::handle);
  }

  void handle(HttpExchange ex) throws IOException {
    try {
      authorise(ex);
      String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
      String method = ex.getRequestMethod();
      if (path.equals("/api/payments") && method.equals("POST")) {
        post(ex);
      } else if (path.matches("/api/payments/[^/]+/reversal") && method.equals("POST")) {
        reverse(ex, path.split("/")[3]);
      } else if (path.matches("/api/payments/[^/]+") && method.equals("GET")) {
        Receipt r = payments.receipt(path.split("/")[3])
            .orElseThrow(() -> new ApiError(404, "payment_not_found", "no payment with reference " + path.split("/")[3], null));
        JsonExchange.send(ex, 200, r);
      } else {
        throw new ApiError(404, "not_found", method + " " + path + " is not an endpoint", null);
      }
    } catch (ApiError e) {
      JsonExchange.error(ex, e);
    }
  }

  private void post(HttpExchange ex) throws IOException {
    JsonNode body = JsonExchange.body(ex);
    String account = JsonExchange.text(body, "accountId");
    long amount = JsonExchange.positiveLong(body, "amountPaise");
    String reference = JsonExchange.text(body, "gatewayReference");
    String channel = body.path("channel").asText("gateway");
    Instant received = clock.instant();
    if (body.hasNonNull("receivedAt")) {
      try {
        received = Instant.parse(body.get("receivedAt").asText());
      } catch (DateTimeParseException e) {
        throw ApiError.badField("receivedAt", "receivedAt must be an ISO-8601 instant such as 2026-11-22T04:30:00Z");
      }
    }
    Receipt r;
    try {
      r = payments.post(account, amount, reference, channel, received);
    } catch (PaymentConflictException e) {
      throw new ApiError(409, "payment_conflict", e.getMessage(), "gatewayReference");
    } catch (IllegalArgumentException e) {
      throw new ApiError(422, "payment_rejected", e.getMessage(), null);
    }
    if (!r.replay()) {
      log.info("recharge {} of {} paise for account {} ({})", r.receiptNumber(), amount, account, reference);
      afterCredit.accept(account);
    }
    JsonExchange.send(ex, r.replay() ? 200 : 201, r);
  }

  private void reverse(HttpExchange ex, String reference) throws IOException {
    JsonNode body = JsonExchange.body(ex);
    String reason = JsonExchange.text(body, "reason");
    try {
      Reversal rev = payments.reverse(reference, reason);
      JsonExchange.send(ex, 200, rev);
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, "payment_not_found", e.getMessage(), null);
    }
  }

  private void authorise(HttpExchange ex) {
    if (tokens.isEmpty()) {
      throw new ApiError(503, "gateway_not_configured", "no payment gateway tokens are configured (api.gateway.tokens)", null);
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      throw new ApiError(401, "unauthorised", "send Authorization: Bearer <gateway token>", null);
    }
    byte[] given = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    for (byte[] t : tokens) {
      if (MessageDigest.isEqual(t, given)) {
        return;
      }
    }
    throw new ApiError(403, "forbidden", "this token may not post payments", null);
  }

}
