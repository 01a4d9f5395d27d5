package org.urja.ledger.payment;

import java.time.Instant;

/**
 * What the consumer is sent after a recharge. {@code replay} is true when the gateway reference had
 * already been posted and this is the original receipt handed back. {@code arrearsRecoveredPaise}
 * is the part of the amount that went towards arrears (0 for most), {@code arrearsOutstandingPaise}
 * what was still owed after it; {@code balanceAfterPaise} is after both.
 */
public record Receipt(
    String receiptNumber,
    String gatewayReference,
    String accountId,
    long amountPaise,
    String channel,
    Instant receivedAt,
    long balanceAfterPaise,
    String status,
    boolean replay,
    long arrearsRecoveredPaise,
    long arrearsOutstandingPaise) {}
