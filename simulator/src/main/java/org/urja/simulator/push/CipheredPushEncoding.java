package org.urja.simulator.push;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.security.CipheredPushes;

/**
 * Seals each push as general-glo-ciphering (suite 0, authenticated and encrypted) under the meter's
 * keys, with a frame counter that only goes up. A real meter keeps its frame counter across power
 * cycles; the simulator starts each meter's counter from the wall clock ({@link #clockStart}: eight
 * values per second since 2025), so a restarted simulator is not taken for a replay by a head-end
 * that remembers the last counter (up to eight pushes per second per meter on average).
 */
public final class CipheredPushEncoding implements PushEncoding {
  private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  private static final long MAX_COUNTER = 0xFFFF_FFFFL;
  private final Function<String, MeterPushKeys> keys;
  private final LongSupplier firstCounter;
  private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

  /**
   * @param keys each meter's title and keys, by serial (the simulator's key derivation or a test's
   *     keys)
   */
  public CipheredPushEncoding(Function<String, MeterPushKeys> keys) {
    this(keys, CipheredPushEncoding::clockStart);
  }

  /**
   * @param firstCounter the frame counter of a meter's first push in this run
   */
  public CipheredPushEncoding(Function<String, MeterPushKeys> keys, LongSupplier firstCounter) {
    this.keys = keys;
    this.firstCounter = firstCounter;
  }

  static long clockStart() {
    return Math.max(1, Duration.between(EPOCH, Instant.now()).toSeconds() * 8);
  }

  @Override
  public byte[] encode(String serial, DataNotification push) {
    MeterPushKeys k = keys.apply(serial);
    long counter =
        counters
            .computeIfAbsent(serial, s -> new AtomicLong(firstCounter.getAsLong() - 1))
            .incrementAndGet();
    if (counter > MAX_COUNTER) {
      throw new IllegalStateException(
          "meter " + serial + " has used every frame counter under its keys");
    }
    return CipheredPushes.seal(push, k.systemTitle(), counter, k.secrets());
  }

  /** The frame counter of the meter's last sealed push (0 before its first). */
  public long lastCounter(String serial) {
    AtomicLong c = counters.get(serial);
    return c == null ? 0 : c.get();
  }
}
