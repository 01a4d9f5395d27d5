package org.urja.ledger.payment;

import java.time.Instant;

/**
 * What the consumer is sent after a recharge. {@code replay} is true when the gateway reference had
 * already been posted and this is the original receipt handed back.
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
    boolean replay) {}
