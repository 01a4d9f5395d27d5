package org.urja.ledger.relay;

import java.time.Instant;

/**
 * One row of {@code relay_commands}. {@code accountId} is null for a meter that serves no account.
 *
 * @param failureClass how the last failure was classed ({@code transient}, {@code permanent},
 *     {@code unexpected}), null while none
 * @param operatorRetries how many times an operator sent the command again after it stopped
 * @param operatorNote the last operator's cancel or retry, with who and why
 */
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
    Instant completedAt,
    String failureClass,
    int operatorRetries,
    String operatorNote) {}
