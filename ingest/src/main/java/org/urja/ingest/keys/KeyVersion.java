package org.urja.ingest.keys;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What may be said about one version of a meter's keys: which secrets it has and where it stands,
 * never the secrets themselves.
 *
 * @param origin {@code import} (from a manufacturer's key file) or {@code rotation}
 * @param systemTitle the meter's system title (upper-case hex): the same for every version, as a
 *     rotation changes keys, not the meter's title
 */
public record KeyVersion(
    String serial,
    int version,
    KeyState state,
    Set<KeyKind> present,
    String origin,
    String createdBy,
    Instant createdAt,
    Instant activatedAt,
    Instant retiredAt,
    Optional<String> systemTitle) {

  public KeyVersion {
    present = Set.copyOf(present);
  }
}
