package org.urja.ingest.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the writer held back for an operator instead of storing it (suspect readings, suspect
 * events), and the operator's word on each: released (stored, then handed on like anything new) or
 * discarded, exactly once.
 *
 * @param <H> one held row
 * @param <T> what a released row becomes once stored
 */
public interface HeldItems<H extends HeldItems.Held, T> {

  /** What every held row says besides its own payload. */
  interface Held {
    long id();

    String meterSerial();

    String reason();

    String detail();

    Instant receivedAt();

    /** held, released or discarded */
    String status();

    Instant decidedAt();

    String decidedBy();
  }

  /**
   * A release: the row as it now stands, and what it became if it was not already stored (another
   * copy may have reached the store since it was held).
   */
  record Release<H, T>(H held, Optional<T> stored) {}

  /** Newest first; {@code serial}, {@code utility}, {@code status} narrow the list (null: any). */
  List<H> list(String serial, String utility, String status, int limit, long offset)
      throws SQLException;

  Optional<H> find(long id) throws SQLException;

  /**
   * Stores a held row and marks it released, in one transaction; empty when {@code id} is not held.
   */
  Optional<Release<H, T>> release(long id, String decidedBy) throws SQLException;

  /** Marks a held row discarded; empty when {@code id} is not held. */
  Optional<H> discard(long id, String decidedBy) throws SQLException;
}
