package org.urja.ledger.relay;

import java.time.Instant;

/** One row of {@code relay_commands}. {@code accountId} is null for a meter that serves no account. */
public record RelayCommand(
    long id,
    String meterSerial,
    String accountId,
    RelayAction action,
    CommandStatus status,
    String reason,
    String requestedBy,
    int attempts,
    int maxAttempts,
    Instant nextAttemptAt,
    Instant expiresAt,
    String lastError,
    RelayState relayState,
    Instant createdAt,
    Instant sentAt,
    Instant completedAt) {}
