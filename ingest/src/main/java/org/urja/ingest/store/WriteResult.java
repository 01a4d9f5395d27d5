package org.urja.ingest.store;

/**
 * What became of one submission once its transaction committed. A row counts as a duplicate when it
 * was already stored or appeared earlier in the same batch; quarantined rows (unknown meters under
 * the QUARANTINE policy) are kept in the quarantine tables, never dropped. {@code suspect} readings
 * (held by {@link ReadingChecks} in {@code suspect_readings}) are a part of {@code quarantined}:
 * kept aside, not stored, not charged. {@code refused} rows carried a serial that breaks {@link
 * org.urja.ingest.identity.MeterSerials}: neither stored nor kept. Dead-lettered rows belong to a
 * submission the database refused for good: it is kept whole in {@code dead_letters} for an
 * operator, and counts as delivered so its source can acknowledge it.
 */
public record WriteResult(
    int readingsInserted,
    int readingsDuplicate,
    int eventsInserted,
    int eventsDuplicate,
    int quarantined,
    int suspect,
    int refused,
    int deadLettered) {

  public static final WriteResult EMPTY = new WriteResult(0, 0, 0, 0, 0, 0, 0, 0);

  public WriteResult(
      int readingsInserted,
      int readingsDuplicate,
      int eventsInserted,
      int eventsDuplicate,
      int quarantined) {
    this(
        readingsInserted, readingsDuplicate, eventsInserted, eventsDuplicate, quarantined, 0, 0, 0);
  }

  public WriteResult(
      int readingsInserted,
      int readingsDuplicate,
      int eventsInserted,
      int eventsDuplicate,
      int quarantined,
      int suspect,
      int refused) {
    this(
        readingsInserted,
        readingsDuplicate,
        eventsInserted,
        eventsDuplicate,
        quarantined,
        suspect,
        refused,
        0);
  }

  /** A submission of {@code rows} rows recorded as a dead letter instead of stored. */
  public static WriteResult deadLettered(int rows) {
    return new WriteResult(0, 0, 0, 0, 0, 0, 0, rows);
  }

  public int rows() {
    return readingsInserted
        + readingsDuplicate
        + eventsInserted
        + eventsDuplicate
        + quarantined
        + refused
        + deadLettered;
  }
}
