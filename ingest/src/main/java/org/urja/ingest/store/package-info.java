/**
 * Where a decoded reading becomes a row. The {@link org.urja.ingest.store.BatchWriter} is the
 * listeners' {@link org.urja.ingest.reading.ReadingSink} (head-end reads submit {@link
 * org.urja.ingest.store.Submission}s to it directly); its writer threads resolve serials through
 * the {@link org.urja.ingest.store.MeterDirectory}, write whole batches in one transaction with a
 * {@link org.urja.ingest.store.ReadingInserter} (duplicates on (meter_id, obis, ts) skipped), keep
 * data of unadmitted meters in quarantine, hold readings the {@link
 * org.urja.ingest.store.ReadingChecks} refuse in {@link org.urja.ingest.store.SuspectReadings}, and
 * complete each submission's future after commit. Commit listeners (the prepaid ledger) see only
 * unsuspected readings that became new rows.
 */
package org.urja.ingest.store;
