package org.urja.ingest.store;

import java.time.Instant;

/** A row of the {@code meters} table. */
public record Meter(
    long id,
    String serial,
    String utility,
    String model,
    MeterStatus status,
    String transport,
    String remoteAddress,
    Instant firstSeen,
    Instant lastSeen,
    Instant installedAt) {}
