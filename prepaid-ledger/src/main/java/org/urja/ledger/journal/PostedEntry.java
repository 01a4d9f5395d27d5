package org.urja.ledger.journal;

import java.time.Instant;

/** A journal entry as written. */
public record PostedEntry(
    long id,
    String accountId,
    EntryKind kind,
    long amountPaise,
    long balanceAfterPaise,
    String idempotencyKey,
    Instant occurredAt) {}
