package org.urja.ingest.store;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The answer of {@link MeterDirectory#resolveAll}: serial → id of each meter whose data may enter
 * the time-series tables, with what the writer needs to check that data before it reaches money
 * (each meter's installation time and the directory's {@link ReadingChecks}). Read-only.
 */
public final class AdmittedMeters extends AbstractMap<String, Long> {
  private final Map<String, Long> ids;
  private final Map<Long, Instant> installedAt;
  private final ReadingChecks checks;

  AdmittedMeters(Map<String, Long> ids, Map<Long, Instant> installedAt, ReadingChecks checks) {
    this.ids = Collections.unmodifiableMap(ids);
    this.installedAt = installedAt;
    this.checks = checks;
  }

  @Override
  public Long get(Object serial) {
    return ids.get(serial);
  }

  @Override
  public boolean containsKey(Object serial) {
    return ids.containsKey(serial);
  }

  @Override
  public int size() {
    return ids.size();
  }

  @Override
  public Set<Entry<String, Long>> entrySet() {
    return ids.entrySet();
  }

  /** When the meter was installed, or null when the directory does not know. */
  Instant installedAt(long meterId) {
    // most batches carry no installation times (auto-registered meters): skip the boxed lookup
    return installedAt.isEmpty() ? null : installedAt.get(meterId);
  }

  ReadingChecks checks() {
    return checks;
  }
}
