package org.urja.headend.selfcare;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.urja.ledger.account.PaymentLinkTemplate;

/**
 * What consumer self-service is configured with (parsed from the node's configuration in {@code
 * app}).
 *
 * @param otpTtl how long a linking code stays valid
 * @param rechargeUrl the payment page of utilities that configure none of their own ({@link
 *     org.urja.ledger.account.PaymentLinkTemplate} placeholders); empty: no link is offered
 * @param contact the helpline named for a utility that publishes no contact details of its own
 * @param outageMinMeters power failures from this many meters of one feeder open one outage
 * @param outageWindow ... within this window
 * @param channels the notification channels messages to consumers are queued for: the names the
 *     ledger's dispatcher delivers ({@code log}, and {@code webhook} when one is configured)
 * @param sealKey the key secrets in the outbox are sealed with ({@code notify.seal.key}); none: one
 *     generated per database
 * @param zone civil time of what consumers are told
 */
public record SelfcareSettings(
    Duration otpTtl,
    String rechargeUrl,
    String contact,
    int outageMinMeters,
    Duration outageWindow,
    List<String> channels,
    Optional<String> sealKey,
    ZoneId zone) {

  /** The node-wide payment page, when one is configured. */
  public Optional<PaymentLinkTemplate> rechargeLink() {
    return rechargeUrl.isBlank()
        ? Optional.empty()
        : Optional.of(new PaymentLinkTemplate(rechargeUrl));
  }

  public SelfcareSettings {
    Objects.requireNonNull(rechargeUrl, "selfcare.recharge.url");
    if (!rechargeUrl.isBlank()) {
      new PaymentLinkTemplate(rechargeUrl);
    }
    Objects.requireNonNull(contact, "selfcare.contact");
    Objects.requireNonNull(sealKey, "sealKey");
    Objects.requireNonNull(zone, "utility.zone");
    channels = List.copyOf(channels);
    if (otpTtl.compareTo(Duration.ZERO) <= 0 || outageWindow.compareTo(Duration.ZERO) <= 0) {
      throw new IllegalArgumentException("selfcare.otp.ttl and outage.window must be positive");
    }
    if (outageMinMeters < 1) {
      throw new IllegalArgumentException(
          "outage.min.meters must be at least 1, got " + outageMinMeters);
    }
  }
}
