package org.urja.ingest.keys;

import java.time.Instant;
import java.util.Set;

/**
 * What may be said about one version of a meter's keys: which secrets it has and where it stands,
 * never the secrets themselves.
 *
 * @param origin {@code import} (from a manufacturer's key file) or {@code rotation}
 */
public record KeyVersion(String serial, int version, KeyState state, Set<KeyKind> present, String origin,
    String createdBy, Instant createdAt, Instant activatedAt, Instant retiredAt) {

  public KeyVersion {
    present = Set.copyOf(present);
  }
}
