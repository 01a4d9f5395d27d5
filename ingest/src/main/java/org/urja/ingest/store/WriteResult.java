package org.urja.ingest.store;

/**
 * What became of one submission once its transaction committed. A row counts as a duplicate when
 * it was already stored or appeared earlier in the same batch; quarantined rows (unknown meters
 * under the QUARANTINE policy) are kept in the quarantine tables, never dropped.
 */
public record WriteResult(
    int readingsInserted, int readingsDuplicate, int eventsInserted, int eventsDuplicate, int quarantined) {

  public static final WriteResult EMPTY = new WriteResult(0, 0, 0, 0, 0);

  public int rows() {
    return readingsInserted + readingsDuplicate + eventsInserted + eventsDuplicate + quarantined;
  }
}
