package org.urja.ingest.store;

/**
 * What became of one submission once its transaction committed. A row counts as a duplicate when
 * it was already stored or appeared earlier in the same batch; quarantined rows (unknown meters
 * under the QUARANTINE policy) are kept in the quarantine tables, never dropped. {@code suspect}
 * readings (held by {@link ReadingChecks} in {@code suspect_readings}) are a part of
 * {@code quarantined}: kept aside, not stored, not charged. {@code refused} rows carried a serial
 * that breaks {@link org.urja.ingest.identity.MeterSerials}: neither stored nor kept.
 */
public record WriteResult(
    int readingsInserted, int readingsDuplicate, int eventsInserted, int eventsDuplicate, int quarantined,
    int suspect, int refused) {

  public static final WriteResult EMPTY = new WriteResult(0, 0, 0, 0, 0, 0, 0);

  public WriteResult(int readingsInserted, int readingsDuplicate, int eventsInserted, int eventsDuplicate, int quarantined) {
    this(readingsInserted, readingsDuplicate, eventsInserted, eventsDuplicate, quarantined, 0, 0);
  }

  public int rows() {
    return readingsInserted + readingsDuplicate + eventsInserted + eventsDuplicate + quarantined + refused;
  }
}
