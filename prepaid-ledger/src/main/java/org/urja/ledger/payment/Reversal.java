package org.urja.ledger.payment;

import java.time.Instant;

/**
 * The outcome of reversing a payment; {@code replay} when it had already been reversed (nothing
 * moved).
 */
public record Reversal(
    String gatewayReference,
    String accountId,
    long amountPaise,
    long balanceAfterPaise,
    Instant reversedAt,
    String reason,
    boolean replay) {}
