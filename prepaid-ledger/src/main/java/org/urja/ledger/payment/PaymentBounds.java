package org.urja.ledger.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.urja.ledger.account.UtilitySettings;

/**
 * What a payment may look like before it can move money: a reference and a channel of a bounded,
 * printable shape (they end up in receipts, logs and statements), an amount within the utility's
 * maximum, and a receipt time not ahead of the clock by more than the utility's tolerance.
 */
public final class PaymentBounds {
  /** UTRs, BBPS references, gateway event ids ({@code pay_29QQoUBi66xm2f}, {@code UTR-0001}). */
  public static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}");

  public static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private PaymentBounds() {}

  static void checkShape(String reference, String channel) {
    if (reference == null || !REFERENCE.matcher(reference).matches()) {
      throw new PaymentRejectedException(
          "invalid_reference",
          "gatewayReference",
          "gatewayReference must be 1-64 letters, digits or _ . : / - (starting with a letter or digit)");
    }
    if (channel == null || !CHANNEL.matcher(channel).matches()) {
      throw new PaymentRejectedException(
          "invalid_channel", "channel", "channel must be 1-32 letters, digits or _ . -");
    }
  }

  static void checkAmount(long amountPaise, UtilitySettings settings) {
    if (amountPaise <= 0) {
      throw new PaymentRejectedException(
          "invalid_amount", "amountPaise", "a recharge must be positive: " + amountPaise);
    }
    if (amountPaise > settings.maxPaymentPaise()) {
      throw new PaymentRejectedException(
          "amount_over_limit",
          "amountPaise",
          "a single recharge may be at most "
              + settings.maxPaymentPaise()
              + " paise for this utility; got "
              + amountPaise);
    }
  }

  static void checkReceivedAt(Instant receivedAt, Instant now, UtilitySettings settings) {
    Instant latest = now.plus(Duration.ofMinutes(settings.paymentFutureToleranceMinutes()));
    if (receivedAt.isAfter(latest)) {
      throw new PaymentRejectedException(
          "received_in_future",
          "receivedAt",
          "receivedAt "
              + receivedAt
              + " is ahead of the head-end's clock by more than "
              + settings.paymentFutureToleranceMinutes()
              + " minutes");
    }
  }
}
