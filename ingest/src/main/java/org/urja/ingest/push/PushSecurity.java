package org.urja.ingest.push;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.urja.ingest.keys.CachedSenders;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.keys.MeterSystemTitles;
import org.urja.ingest.keys.StoredFrameCounterGuard;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.apdu.GeneralGloCiphering;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.CipheringException;
import org.urja.protocol.security.FrameCounterGuard;

/**
 * What a push must prove before anything in it is trusted, for every transport. A ciphered push
 * (general-glo-ciphering) is opened by {@link CipheredPushes}: the sender is looked up by the
 * system title it claims, the GCM tag verified under that meter's keys, the frame counter checked
 * for replay (persisted, shared by all nodes), and only then is the DataNotification inside
 * decoded. The title's owner and the meter's keys come from memory ({@link CachedSenders}); the
 * frame counter is the one database round trip a push costs. A plain push is refused when its meter
 * must cipher ({@code meter_system_titles.pushes_ciphered}).
 *
 * <p>{@link #open} may block on the database: the TCP path calls it off its event loop. {@link
 * #checkPlain} is called on the event loop and blocks only the first time it sees a meter: the
 * setting is kept per meter, and once it is older than {@link #POLICY_TTL} the push is judged by it
 * while it is read again in the background. Before, every meter's expiry read the database on the
 * event loop; at ingest's ceiling, with the pool saturated, that stalled an event loop (a quarter
 * of the fleet's connections, and the relay commands on them) for over 10 s at a time. A database
 * fault is an {@link UnavailableException} (not a refusal): the caller treats it as a fault, never
 * as bad input, and nothing is accepted.
 */
public final class PushSecurity {
  /**
   * How long a node keeps a meter's "must cipher" setting before asking the database again (a
   * change made through this node applies here at once).
   */
  public static final Duration POLICY_TTL = Duration.ofMinutes(1);

  private static final int CACHE_MAX = 200_000;

  /** The DataNotification a push carries, and the meter its ciphering proved it came from. */
  public record Admitted(DataNotification notification, Optional<String> provenSerial) {}

  private final MeterSystemTitles titles;
  private final MeterKeyStore keys;
  private final CachedSenders senders;
  private final CipheredPushes opener;
  private final CipheredPushes redeliveryOpener;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Policy> mustCipher = new ConcurrentHashMap<>();

  /** Meters whose setting is being read again; and where that happens (never an event loop). */
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  private final Executor refresher;

  private record Policy(boolean required, long expiresNanos) {}

  /**
   * The checks could not be made (database down, keys unreadable): a fault, not bad input. The push
   * is not accepted, and a transport that can have it delivered again (MQTT) must not acknowledge
   * it.
   */
  public static final class UnavailableException extends RuntimeException {
    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public PushSecurity(MeterKeyStore keys, StoredFrameCounterGuard frameCounters) {
    this(
        keys,
        frameCounters,
        frameCounters.acceptingTheLastAgain(),
        System::nanoTime,
        Executors.newSingleThreadExecutor(new DefaultThreadFactory("urja-push-policy", true)));
  }

  /**
   * @param redeliveryCounters the frame counter check for a message its transport delivers again
   *     (MQTT QoS 1): the last accepted counter passes once more
   */
  PushSecurity(
      MeterKeyStore keys,
      FrameCounterGuard frameCounters,
      FrameCounterGuard redeliveryCounters,
      LongSupplier nanoTime,
      Executor refresher) {
    this.refresher = refresher;
    this.keys = keys;
    this.titles = keys.systemTitles();
    titles.onPushCipheringChanged(mustCipher::remove);
    this.senders = new CachedSenders(keys, nanoTime);
    this.opener = new CipheredPushes(senders, frameCounters);
    this.redeliveryOpener = new CipheredPushes(senders, redeliveryCounters);
    this.nanoTime = nanoTime;
  }

  /** True for an APDU this class must open before it is decoded. */
  public static boolean isCiphered(byte[] apdu) {
    return CipheredPushes.isCiphered(apdu);
  }

  /**
   * Opens a ciphered push. Blocking (the database: the frame counter, and a sender not yet cached).
   *
   * @throws PushRefusedException replay, unknown_system_title or auth_failed
   * @throws org.urja.protocol.axdr.AxdrException when the envelope or the verified plaintext is not
   *     a ciphered DataNotification (bad input)
   */
  public Admitted open(byte[] apdu) {
    return open(apdu, false);
  }

  /**
   * @param redelivered the transport delivers this message again because its first delivery was not
   *     committed (MQTT): the frame counter it carries may equal the last one accepted
   */
  public Admitted open(byte[] apdu, boolean redelivered) {
    if (!keys.unlocked()) {
      throw new PushRefusedException(
          PushRefusedException.AUTH_FAILED,
          "a ciphered push arrived but keys.master is not configured on this node: no meter's keys can be read");
    }
    CipheredPushes open = redelivered ? redeliveryOpener : opener;
    try {
      CipheredPushes.Opened o;
      try {
        o = open.open(apdu);
      } catch (CipheringException e) {
        // keys rotated on another node reach this one's cache late: read them again, once, and
        // retry
        // (a tag that fails has not touched the frame counter, so the retry is a first try)
        if (e.reason() != CipheringException.Reason.BAD_TAG
            || !senders.forgetAfterBadTag(GeneralGloCiphering.decode(apdu).systemTitle())) {
          throw e;
        }
        o = open.open(apdu);
      }
      return new Admitted(o.notification(), Optional.of(o.meterSerial()));
    } catch (CipheringException e) {
      throw new PushRefusedException(reasonOf(e.reason()), e.getMessage());
    } catch (IllegalStateException e) {
      // the key store or the frame counters could not answer (MeterKeyStore's own exceptions
      // included)
      throw new UnavailableException("a ciphered push could not be checked: " + e.getMessage(), e);
    }
  }

  /**
   * A plain push for {@code serial}: refused when that meter must cipher its pushes. Cached per
   * meter; a miss reads the database.
   */
  public void checkPlain(String serial) {
    Policy p = mustCipher.get(serial);
    if (p == null) {
      p = read(serial, null);
    } else if (nanoTime.getAsLong() - p.expiresNanos() > 0 && refreshing.add(serial)) {
      try {
        refresher.execute(
            () -> {
              try {
                read(serial, mustCipher.get(serial));
              } catch (UnavailableException e) {
                // the setting last read stands; the next push after its expiry tries again
              } finally {
                refreshing.remove(serial);
              }
            });
      } catch (RuntimeException rejected) {
        refreshing.remove(serial);
      }
      // a refresher that ran at once (tests) has the new setting in place already
      p = mustCipher.getOrDefault(serial, p);
    }
    if (p.required()) {
      throw new PushRefusedException(
          PushRefusedException.PLAIN_REFUSED,
          "meter " + serial + " must cipher its pushes; a plain push claiming it is refused");
    }
  }

  /**
   * Reads the meter's setting and keeps it for {@link #POLICY_TTL}; while the database is down the
   * setting last read ({@code last}) stands and is kept, with no setting at all a fault.
   */
  private Policy read(String serial, Policy last) {
    boolean required;
    try {
      required = titles.ofMeter(serial).map(MeterSystemTitles.Title::pushesCiphered).orElse(false);
    } catch (SQLException e) {
      if (last == null) {
        throw new UnavailableException(
            "whether meter " + serial + " must cipher its pushes could not be read", e);
      }
      // the database is down: the setting this node last read stands (it changes rarely, and a
      // change made here reaches this cache at once) rather than refusing the meter's pushes
      required = last.required();
    }
    if (mustCipher.size() > CACHE_MAX) {
      mustCipher.clear();
    }
    Policy p = new Policy(required, nanoTime.getAsLong() + POLICY_TTL.toNanos());
    mustCipher.put(serial, p);
    return p;
  }

  /** The serial a push claims against the one its keys proved: they must be the same meter. */
  public static void requireSameMeter(String proven, String claimed) {
    if (!proven.equals(claimed)) {
      throw new PushRefusedException(
          PushRefusedException.SERIAL_MISMATCH,
          "push ciphered with the keys of meter "
              + proven
              + " claims meter "
              + org.urja.ingest.identity.MeterSerials.printable(claimed));
    }
  }

  private static String reasonOf(CipheringException.Reason r) {
    return switch (r) {
      case REPLAY -> PushRefusedException.REPLAY;
      case UNKNOWN_SYSTEM_TITLE -> PushRefusedException.UNKNOWN_SYSTEM_TITLE;
      // a tag that does not verify, no tag at all, a malformed header, or no keys to verify with
      case BAD_TAG, NOT_AUTHENTICATED, MALFORMED, NO_KEY -> PushRefusedException.AUTH_FAILED;
    };
  }
}
