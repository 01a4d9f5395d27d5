package org.urja.headend.prepaid;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the prepaid engine is configured with (parsed from the node's configuration in {@code app}).
 *
 * @param zone civil time of fixed charges and daily work ({@code utility.zone})
 * @param chargingLanes parallel charging lanes; a meter's readings always take the same one
 * @param chargingPriorityBelowPaise readings of meters whose account's balance a charge left below
 *     this go ahead of the charging backlog ({@code prepaid.charging.priority.below.paise})
 * @param webhook consumer messages as signed JSON, when configured
 * @param relayBackoffFirst wait after a relay command's first transient failure, doubled up to
 * @param relayBackoffMax the longest wait, at which a reconnect is retried until confirmed
 */
public record PrepaidSettings(
    ZoneId zone,
    int chargingLanes,
    long chargingPriorityBelowPaise,
    Optional<Webhook> webhook,
    Duration relayBackoffFirst,
    Duration relayBackoffMax) {

  /**
   * Where consumer messages are posted, and the secret that signs them ({@code X-Urja-Signature}).
   */
  public record Webhook(URI url, String secret) {
    public Webhook {
      Objects.requireNonNull(url, "notify.webhook.url");
      Objects.requireNonNull(secret, "notify.webhook.secret");
    }
  }

  public PrepaidSettings {
    Objects.requireNonNull(zone, "utility.zone");
    Objects.requireNonNull(webhook, "webhook");
    if (chargingLanes < 1) {
      throw new IllegalArgumentException(
          "prepaid.charging.lanes must be at least 1, got " + chargingLanes);
    }
    if (relayBackoffFirst.compareTo(Duration.ZERO) <= 0
        || relayBackoffMax.compareTo(relayBackoffFirst) < 0) {
      throw new IllegalArgumentException(
          "relay.backoff.first must be positive and relay.backoff.max no shorter, got "
              + relayBackoffFirst
              + " and "
              + relayBackoffMax);
    }
  }
}
