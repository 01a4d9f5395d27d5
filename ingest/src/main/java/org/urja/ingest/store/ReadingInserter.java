package org.urja.ingest.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * A way to put readings into the readings table skipping those already stored. Runs inside the
 * caller's transaction; {@code rows} carry distinct keys (the caller deduplicates the batch).
 */
public interface ReadingInserter {

  /** Returns the keys of the rows that were newly inserted (the rest were duplicates). */
  Set<ReadingKey> insert(Connection connection, List<ResolvedReading> rows) throws SQLException;

  /** The strategies Urja ships; see {@code StoreBenchmark} for how they compare. */
  enum Strategy {
    /** INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING. */
    UNNEST,
    /** Binary COPY into a temporary staging table, then INSERT ... SELECT ... ON CONFLICT. */
    STAGED_COPY;

    public ReadingInserter create(String table) {
      return this == UNNEST
          ? new UnnestReadingInserter(table)
          : new StagedCopyReadingInserter(table);
    }
  }
}
