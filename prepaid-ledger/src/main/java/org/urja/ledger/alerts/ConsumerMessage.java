package org.urja.ledger.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * A self-service message another module asks the ledger to deliver (an OTP, a complaint
 * acknowledgement): already rendered, addressed to the account's registered phone.
 *
 * @param kind the outbox kind, e.g. {@code otp} or {@code complaint}
 * @param sealedSecret a secret sealed by {@link SecretSeal}, put into the body only as the message
 *     is handed to its channel; null when the message carries none
 * @param expiresAt after this the message is dead-lettered as expired; null never expires
 */
public record ConsumerMessage(
    String accountId,
    String utilityId,
    String kind,
    String language,
    String recipient,
    String dedupKey,
    String body,
    String sealedSecret,
    Instant expiresAt) {

  public ConsumerMessage {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(body, "body");
  }
}
