package org.urja.ingest.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Frame counter checks of many pushes in one statement (group commit). A fleet's pushes arrive from
 * several threads at once; one round trip per push made every push wait for a pooled connection
 * behind the reading writers. Here the first caller to find no statement in flight takes every
 * check waiting (its own included) and runs them as one conditional upsert on one connection; the
 * others wait for its answer, and the next statement starts with whatever queued meanwhile. Nothing
 * is held in memory that the database does not also hold: each check is answered only by the
 * statement that recorded (or refused) it.
 *
 * <p>Two checks of the same meter and title never share a statement (an upsert may touch a row
 * once): the later one waits for the next, and so sees the first one's counter. Of two nodes the
 * database still decides, row by row, as with one statement per push.
 */
final class FrameCounterBatches {
  // bounds the statement; a fleet's burst is split into statements of at most this many pushes
  static final int MAX_BATCH = 512;

  /** How many counters below the highest accepted one may still arrive late (V59). */
  static final int WINDOW = 64;

  // d = new - last. Above the last: the window slides up by d and the old last becomes bit d - 1.
  // Below it (1 <= -d <= WINDOW) and not yet seen: its bit is set, the last stays. All SET
  // expressions read the row as it was.
  private static final String UPSERT =
      "INSERT INTO meter_frame_counters AS f (serial, system_title, last_accepted, stream) "
          + "SELECT u.*, ?::smallint FROM unnest(?::text[], ?::bytea[], ?::bigint[]) AS u "
          + "ON CONFLICT (serial, system_title, stream) DO UPDATE SET "
          + "seen_below = CASE "
          + "WHEN EXCLUDED.last_accepted > f.last_accepted THEN CASE "
          + "  WHEN EXCLUDED.last_accepted - f.last_accepted > 64 THEN 0 "
          + "  WHEN EXCLUDED.last_accepted - f.last_accepted = 64 THEN (1::bigint << 63) "
          + "  ELSE (f.seen_below << (EXCLUDED.last_accepted - f.last_accepted)::int) "
          + "     | (1::bigint << (EXCLUDED.last_accepted - f.last_accepted - 1)::int) END "
          + "ELSE f.seen_below | (1::bigint << (f.last_accepted - 1 - EXCLUDED.last_accepted)::int) END, "
          + "last_accepted = GREATEST(f.last_accepted, EXCLUDED.last_accepted), accepted_at = now() "
          + "WHERE EXCLUDED.last_accepted > f.last_accepted "
          + "OR (f.last_accepted - EXCLUDED.last_accepted BETWEEN 1 AND 64 "
          + "    AND (f.seen_below >> (f.last_accepted - 1 - EXCLUDED.last_accepted)::int) & 1 = 0) "
          + "RETURNING serial, system_title";

  private final DataSource dataSource;
  private final int stream;
  private final ArrayDeque<Check> waiting = new ArrayDeque<>();
  private boolean running;

  /**
   * @param stream whose counters these are ({@code meter_frame_counters.stream}, V46)
   */
  FrameCounterBatches(DataSource dataSource, int stream) {
    this.dataSource = dataSource;
    this.stream = stream;
  }

  private static final class Check {
    final String serial;
    final byte[] title;
    final long counter;
    final String key;
    boolean done;
    boolean accepted;
    SQLException failure;

    Check(String serial, byte[] title, long counter) {
      this.serial = serial;
      this.title = title;
      this.counter = counter;
      this.key = serial + '\u0000' + HexFormat.of().formatHex(title);
    }
  }

  /**
   * True when {@code counter} was above the last one recorded for the meter and title, or one of
   * the {@link #WINDOW} below it not yet seen, and is now recorded. Blocks until a statement
   * holding this check has run.
   *
   * @throws SQLException when that statement failed: nothing in it was accepted
   */
  boolean accept(String serial, byte[] title, long counter) throws SQLException {
    Check mine = new Check(serial, title, counter);
    boolean interrupted = false;
    try {
      synchronized (this) {
        waiting.add(mine);
      }
      while (true) {
        List<Check> batch;
        synchronized (this) {
          while (!mine.done && running) {
            try {
              wait();
            } catch (InterruptedException e) {
              // the answer is one statement away: wait for it, and leave the interrupt to the
              // caller
              interrupted = true;
            }
          }
          if (mine.done) {
            return answer(mine);
          }
          running = true;
          // never empty (ours waits); it may not hold ours when another check of the same meter is
          // ahead
          batch = take();
        }
        try {
          run(batch);
        } finally {
          synchronized (this) {
            running = false;
            notifyAll();
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean answer(Check c) throws SQLException {
    if (c.failure != null) {
      throw c.failure;
    }
    return c.accepted;
  }

  /** Under the lock: the waiting checks, at most one per meter and title, in arrival order. */
  private List<Check> take() {
    List<Check> batch = new ArrayList<>();
    Map<String, Check> keys = new HashMap<>();
    for (Iterator<Check> it = waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Check c = it.next();
      if (keys.putIfAbsent(c.key, c) == null) {
        batch.add(c);
        it.remove();
      }
    }
    return batch;
  }

  private void run(List<Check> batch) {
    Map<String, Check> byKey = new HashMap<>();
    batch.forEach(c -> byKey.put(c.key, c));
    SQLException failure = null;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setInt(1, stream);
      ps.setArray(2, c.createArrayOf("text", batch.stream().map(k -> k.serial).toArray()));
      ps.setArray(
          3, c.createArrayOf("bytea", batch.stream().map(k -> k.title).toArray(byte[][]::new)));
      ps.setArray(4, c.createArrayOf("bigint", batch.stream().map(k -> k.counter).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Check accepted =
              byKey.get(rs.getString(1) + '\u0000' + HexFormat.of().formatHex(rs.getBytes(2)));
          if (accepted != null) {
            accepted.accepted = true;
          }
        }
      }
    } catch (SQLException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new SQLException("frame counters could not be checked", e);
    }
    synchronized (this) {
      for (Check c : batch) {
        if (failure != null) {
          c.accepted = false;
          c.failure = failure;
        }
        c.done = true;
      }
    }
  }
}
