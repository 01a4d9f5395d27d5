package org.urja.ingest.keys;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.identity.MeterSerials;
import org.urja.protocol.security.FrameCounterGuard;

/**
 * Replay protection for ciphered APDUs from meters, shared by every node: the check and the record
 * of a meter's frame counter are one statement, so of two nodes given the same frame only one
 * accepts it. Checks made at the same time on this node share a statement ({@link
 * FrameCounterBatches}): one round trip for a fleet's burst rather than one per push. Replays are
 * counted ({@code urja.security.replays}) and logged, at most a few lines a minute ({@link
 * ReplayLog}).
 *
 * <p>Fails closed: when the database cannot answer, {@link #accept} throws and nothing is accepted.
 */
public final class StoredFrameCounterGuard implements FrameCounterGuard {
  private static final Logger log = LoggerFactory.getLogger(StoredFrameCounterGuard.class);

  /** The meter's own ciphered APDUs: its pushes. */
  static final int PUSHES = 0;

  /** The meter's answers to the head-end's requests. */
  static final int ANSWERS = 1;

  private final DataSource dataSource;
  private final MeterRegistry registry;
  private final int stream;
  private final Counter replays;
  private final ReplayLog replayLog = new ReplayLog(log, System::nanoTime);
  private final FrameCounterBatches batches;

  /** The guard of the meters' pushes. */
  public StoredFrameCounterGuard(DataSource dataSource, MeterRegistry registry) {
    this(dataSource, registry, PUSHES);
  }

  private StoredFrameCounterGuard(DataSource dataSource, MeterRegistry registry, int stream) {
    this.dataSource = dataSource;
    this.registry = registry;
    this.stream = stream;
    this.batches = new FrameCounterBatches(dataSource, stream);
    this.replays =
        Counter.builder("urja.security.replays")
            .description(
                "ciphered APDUs refused because their frame counter was accepted from that meter before, or is older than the 64 below the highest accepted")
            .register(registry);
  }

  /**
   * The guard of the meters' answers to the head-end's own requests (ciphered associations). A
   * meter numbers its answers and its pushes with one counter, but an answer is checked as it
   * arrives and a push only once the database has checked it: with one row for both, pushes sent
   * before an answer and still waiting were refused as replays once the answer was accepted. So
   * each stream keeps its own row (V46); an APDU of one can never pass as one of the other.
   */
  public StoredFrameCounterGuard answers() {
    return new StoredFrameCounterGuard(dataSource, registry, ANSWERS);
  }

  /**
   * The same check, but a frame counter already accepted is accepted once more (not recorded again,
   * not counted as a replay): for a message the broker delivers again because the first delivery's
   * readings were not committed (MQTT QoS 1 redelivery), or a TCP push tried again after the
   * database failed to answer. Storing it again adds nothing (readings are unique per meter,
   * register and time), and refusing it would lose what was never stored.
   */
  public FrameCounterGuard acceptingTheLastAgain() {
    return (serial, title, counter) ->
        check(serial, title, counter) || alreadyAccepted(serial, title, counter);
  }

  @Override
  public boolean accept(String meterSerial, byte[] systemTitle, long frameCounter) {
    boolean accepted = check(meterSerial, systemTitle, frameCounter);
    if (!accepted) {
      replays.increment();
      replayLog.replayed(
          MeterSerials.printable(meterSerial), HexFormat.of().formatHex(systemTitle), frameCounter);
    }
    return accepted;
  }

  private boolean alreadyAccepted(String meterSerial, byte[] systemTitle, long counter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT last_accepted, seen_below FROM meter_frame_counters"
                    + " WHERE serial = ? AND system_title = ? AND stream = ?")) {
      ps.setString(1, meterSerial);
      ps.setBytes(2, systemTitle);
      ps.setInt(3, stream);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        long last = rs.getLong(1);
        long below = last - counter;
        return below == 0
            || (below >= 1
                && below <= FrameCounterBatches.WINDOW
                && ((rs.getLong(2) >>> (below - 1)) & 1) == 1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the frame counter of meter "
              + MeterSerials.printable(meterSerial)
              + " could not be read",
          e);
    }
  }

  private boolean check(String meterSerial, byte[] systemTitle, long frameCounter) {
    if (frameCounter < 0 || frameCounter > ReservedInvocationCounter.MAX) {
      throw new IllegalArgumentException("a frame counter is 0 to 2^32 - 1, got " + frameCounter);
    }
    boolean accepted;
    try {
      accepted = batches.accept(meterSerial, systemTitle, frameCounter);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the frame counter of meter "
              + MeterSerials.printable(meterSerial)
              + " could not be checked",
          e);
    }
    return accepted;
  }
}
