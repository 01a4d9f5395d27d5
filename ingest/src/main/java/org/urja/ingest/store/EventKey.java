package org.urja.ingest.store;

import java.time.Instant;

/** The natural key of a stored meter event. */
public record EventKey(long meterId, int code, Instant ts) {}
