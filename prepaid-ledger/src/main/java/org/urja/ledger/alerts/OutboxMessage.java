package org.urja.ledger.alerts;

import java.time.Instant;

/**
 * A message claimed from the outbox for one channel. {@code payloadJson} is the JSON a webhook
 * receives; {@code id} is stable across retries, so receivers can de-duplicate on it.
 */
public record OutboxMessage(
    long id,
    String accountId,
    String utilityId,
    String kind,
    String language,
    String channel,
    String recipient,
    String body,
    String payloadJson,
    int attempt,
    Instant createdAt) {}
