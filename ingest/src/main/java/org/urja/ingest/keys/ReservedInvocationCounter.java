package org.urja.ingest.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;
import org.urja.protocol.security.InvocationCounter;

/**
 * The head-end's invocation counter per meter, shared by every node through the database: a node
 * reserves a block of values with one statement ({@code next_free = next_free + block RETURNING}),
 * then hands them out from memory. A block belongs to one node only, and is never handed out again:
 * a restart (or a crash) skips what was left of it, which costs numbers, never uniqueness.
 *
 * <p>Values start at 1 and stop at {@link #MAX} (the suite-0 security header carries 32 bits): a
 * meter that would need more gets an {@link ExhaustedException} rather than a repeated nonce, and
 * needs new keys. Thread-safe; one lock per meter.
 */
public final class ReservedInvocationCounter implements InvocationCounter {
  public static final long MAX = 0xFFFF_FFFFL;
  private final DataSource dataSource;
  private final int blockSize;
  private final ConcurrentMap<String, Block> blocks = new ConcurrentHashMap<>();

  /**
   * @param blockSize values reserved per database round trip (and at most lost per restart)
   */
  public ReservedInvocationCounter(DataSource dataSource, int blockSize) {
    if (blockSize < 1) {
      throw new IllegalArgumentException(
          "the invocation counter block must be at least 1, got " + blockSize);
    }
    this.dataSource = dataSource;
    this.blockSize = blockSize;
  }

  /** A meter's counter has reached {@link #MAX} under its current keys. */
  public static final class ExhaustedException extends IllegalStateException {
    ExhaustedException(String serial) {
      super(
          "the invocation counter of meter "
              + serial
              + " is exhausted (2^32 - 1): rotate its keys");
    }
  }

  /** Its values are [next, limit); empty when next == limit. */
  private static final class Block {
    long next;
    long limit;
  }

  @Override
  public long next(String meterSerial) {
    Block b = blocks.computeIfAbsent(meterSerial, s -> new Block());
    synchronized (b) {
      if (b.next >= b.limit) {
        reserve(meterSerial, b, 0);
      }
      return b.next++;
    }
  }

  /**
   * Makes sure this node holds at least {@code values} more of the meter's counter, reserving a
   * block now if not: called before an association opens, on the caller's thread, so the requests
   * that follow (ciphered on the connection's event loop) do not reserve with a database statement
   * there. At ingest's ceiling such a statement waits for a pool the writer keeps busy, and holds
   * the event loop meanwhile.
   *
   * @throws SQLException the block could not be reserved (transient: nothing was handed out)
   */
  public void reserveAhead(String meterSerial, int values) throws SQLException {
    Block b = blocks.computeIfAbsent(meterSerial, s -> new Block());
    synchronized (b) {
      if (b.limit - b.next >= values) {
        return;
      }
      try {
        reserve(meterSerial, b, b.next);
      } catch (IllegalStateException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw e;
      }
    }
  }

  /**
   * The meter has seen (or demands more than) {@code used}: every later value is above it. For a
   * meter that answers a stale counter with an error naming what it expects, or a counter read from
   * the meter. The block this node holds is dropped.
   */
  public void advancePast(String meterSerial, long used) {
    if (used >= MAX) {
      throw new ExhaustedException(meterSerial);
    }
    Block b = blocks.computeIfAbsent(meterSerial, s -> new Block());
    synchronized (b) {
      reserve(meterSerial, b, used + 1);
    }
  }

  private void reserve(String serial, Block b, long atLeast) {
    long limit;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO meter_invocation_counters (serial, next_free) "
                    + "VALUES (?, ? + ?) ON CONFLICT (serial) DO UPDATE SET next_free = greatest(meter_invocation_counters.next_free, ?) "
                    + "+ ?, updated_at = now() RETURNING next_free")) {
      long start = Math.max(1, atLeast);
      ps.setString(1, serial);
      ps.setLong(2, start);
      ps.setLong(3, blockSize);
      ps.setLong(4, start);
      ps.setLong(5, blockSize);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        limit = rs.getLong(1);
      }
    } catch (SQLException e) {
      // never hand out a value that is not known to be reserved
      throw new IllegalStateException(
          "could not reserve invocation counter values for meter " + serial, e);
    }
    long next = limit - blockSize;
    if (next > MAX) {
      b.next = b.limit;
      throw new ExhaustedException(serial);
    }
    b.next = next;
    b.limit = Math.min(limit, MAX + 1);
  }
}
