package org.urja.ingest.store;

import java.time.Instant;

/** The natural key of a stored reading: what {@code ON CONFLICT} deduplicates on. */
public record ReadingKey(long meterId, String obis, Instant ts) {}
