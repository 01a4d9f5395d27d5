package org.urja.ingest.keys;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.identity.MeterSerials;
import org.urja.protocol.security.FrameCounterGuard;

/**
 * The replay check of a meter's answers to the head-end's requests, made in memory on the
 * connection's event loop and written to {@code meter_frame_counters} (stream 1, V46) behind it.
 *
 * <p>Every ciphered answer was checked with a database statement on the event loop that received
 * it. At ingest's ceiling, with the pool shared with a saturated writer, one such statement held an
 * event loop (a quarter of the fleet's connections) for over 10 s: measured with {@code bench
 * ledger --ceiling}, five relay commands timed out together. A meter's counters are now read once,
 * before an association with it opens ({@link #prime}, on the caller's thread: the relay
 * dispatcher, a read's thread), and each answer is judged from memory with the same rule as the
 * stored check (above the highest accepted, or an unseen one of the 64 below it).
 *
 * <p>Why memory is enough: a meter's answers reach only the node that holds its connection and
 * asked the question, and the next node to hold it primes from what this one wrote. A counter is
 * recorded before the answer is acted on in memory, and in the database soon after; an answer whose
 * write-behind the database refuses (another node's record is ahead) is logged. A meter not primed
 * (a path that did not call {@link #prime}) is checked by the database as before.
 */
public final class AnswerCounters implements FrameCounterGuard {
  private static final Logger log = LoggerFactory.getLogger(AnswerCounters.class);

  private static final class Window {
    long last = -1;
    long seenBelow;
  }

  private final DataSource dataSource;
  private final StoredFrameCounterGuard stored;
  private final Executor writer;
  private final Set<String> primed = ConcurrentHashMap.newKeySet();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param stored the answers' stored guard ({@link StoredFrameCounterGuard#answers()})
   */
  public AnswerCounters(DataSource dataSource, StoredFrameCounterGuard stored) {
    this(
        dataSource,
        stored,
        Executors.newSingleThreadExecutor(new DefaultThreadFactory("urja-answer-counters", true)));
  }

  AnswerCounters(DataSource dataSource, StoredFrameCounterGuard stored, Executor writer) {
    this.dataSource = dataSource;
    this.stored = stored;
    this.writer = writer;
  }

  /**
   * Reads what is stored of the meter's answers, once per node; blocking, so never on an event
   * loop.
   */
  public void prime(String meterSerial) throws SQLException {
    if (primed.contains(meterSerial)) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT system_title, last_accepted, seen_below FROM meter_frame_counters"
                    + " WHERE serial = ? AND stream = ?")) {
      ps.setString(1, meterSerial);
      ps.setInt(2, StoredFrameCounterGuard.ANSWERS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Window w = windows.computeIfAbsent(key(meterSerial, rs.getBytes(1)), k -> new Window());
          synchronized (w) {
            if (rs.getLong(2) > w.last) {
              w.last = rs.getLong(2);
              w.seenBelow = rs.getLong(3);
            }
          }
        }
      }
    }
    primed.add(meterSerial);
  }

  @Override
  public boolean accept(String meterSerial, byte[] systemTitle, long frameCounter) {
    if (!primed.contains(meterSerial)) {
      return stored.accept(meterSerial, systemTitle, frameCounter);
    }
    Window w = windows.computeIfAbsent(key(meterSerial, systemTitle), k -> new Window());
    synchronized (w) {
      if (!takes(w, frameCounter)) {
        log.warn(
            "replayed answer refused: meter {} frame counter {} was accepted before, or is older"
                + " than the 64 below the highest ({})",
            MeterSerials.printable(meterSerial),
            frameCounter,
            w.last);
        return false;
      }
    }
    byte[] title = systemTitle.clone();
    writer.execute(
        () -> {
          try {
            if (!stored.accept(meterSerial, title, frameCounter)) {
              log.warn(
                  "answer counter {} of meter {} was accepted here but the store already had it",
                  frameCounter,
                  MeterSerials.printable(meterSerial));
            }
          } catch (RuntimeException e) {
            log.warn(
                "answer counter {} of meter {} not written: {}",
                frameCounter,
                MeterSerials.printable(meterSerial),
                e.toString());
          }
        });
    return true;
  }

  /** The stored check's rule (FrameCounterBatches), on one meter's window; records if taken. */
  private static boolean takes(Window w, long counter) {
    if (counter > w.last) {
      long d = counter - w.last;
      if (w.last < 0 || d > FrameCounterBatches.WINDOW) {
        w.seenBelow = 0;
      } else if (d == FrameCounterBatches.WINDOW) {
        w.seenBelow = 1L << 63;
      } else {
        w.seenBelow = (w.seenBelow << d) | (1L << (d - 1));
      }
      w.last = counter;
      return true;
    }
    long below = w.last - counter;
    if (below >= 1
        && below <= FrameCounterBatches.WINDOW
        && ((w.seenBelow >>> (below - 1)) & 1) == 0) {
      w.seenBelow |= 1L << (below - 1);
      return true;
    }
    return false;
  }

  private static String key(String serial, byte[] title) {
    return serial + '\u0000' + HexFormat.of().formatHex(title);
  }
}
