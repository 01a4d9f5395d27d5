package org.urja.ingest.keys;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.security.SystemTitles;

/**
 * The sender lookup for ciphered pushes, without a database round trip per push. A push names its
 * sender by system title; which meter owns a title never changes (V31, {@link MeterSystemTitles}),
 * so a title found once is kept for the life of the node. A meter's opened secrets change only by
 * import or rotation: they are kept for {@link #SECRETS_TTL}, and forgotten at once when this node
 * imports or rotates them ({@link MeterKeyStore#onKeysChanged}).
 *
 * <p>Only what the database answered is kept: a title nobody owns, or a meter without active keys,
 * is asked again every time (an import on another node must be seen at once, and an unknown title
 * must never be answered from memory). A database error is thrown, never an empty answer.
 *
 * <p>A rotation confirmed on another node reaches this node within {@link #SECRETS_TTL}; until then
 * a push sealed under the new keys fails its tag here, and {@link #forgetAfterBadTag} lets the
 * caller read the keys again, at most once per {@link #REREAD_AFTER_BAD_TAG} per meter (so forged
 * pushes cannot turn into a query each).
 *
 * <p>Secrets are held as {@link MeterSecrets}, whose {@code toString} shows none of them.
 */
public final class CachedSenders implements CipheredPushes.SenderLookup {
  /** How long this node uses a meter's keys before reading them again. */
  public static final Duration SECRETS_TTL = Duration.ofSeconds(30);

  /** A tag that fails under keys read at least this long ago makes them be read again. */
  public static final Duration REREAD_AFTER_BAD_TAG = Duration.ofSeconds(1);

  // a bound on memory, far above any one node's fleet; crossing it starts the cache afresh
  static final int MAX_ENTRIES = 500_000;

  private final MeterSystemTitles titles;
  private final MeterKeyStore keys;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, String> serialOfTitle = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Opened> secretsOfSerial = new ConcurrentHashMap<>();

  // bumped by every change of keys on this node: keys read before a change are not kept after it
  private final AtomicLong changes = new AtomicLong();

  private record Opened(MeterSecrets secrets, long readNanos) {}

  public CachedSenders(MeterKeyStore keys) {
    this(keys, System::nanoTime);
  }

  /**
   * @param nanoTime the clock the expiry is measured by (tests set it)
   */
  public CachedSenders(MeterKeyStore keys, LongSupplier nanoTime) {
    this.titles = keys.systemTitles();
    this.keys = keys;
    this.nanoTime = nanoTime;
    keys.onKeysChanged(
        serial -> {
          changes.incrementAndGet();
          secretsOfSerial.remove(serial);
        });
  }

  @Override
  public Optional<CipheredPushes.Sender> bySystemTitle(byte[] systemTitle) {
    String title = SystemTitles.format(systemTitle);
    try {
      String known = serialOfTitle.get(title);
      if (known == null) {
        Optional<MeterSystemTitles.Title> owner = titles.ofSystemTitle(systemTitle);
        if (owner.isEmpty()) {
          return Optional.empty();
        }
        known = owner.get().serial();
        bounded(serialOfTitle).put(title, known);
      }
      String serial = known;
      return secretsOf(serial).map(s -> new CipheredPushes.Sender(serial, s));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the owner of system title " + title + " or its keys could not be looked up", e);
    }
  }

  /**
   * A push claiming {@code systemTitle} failed its tag: when this node's copy of the owner's keys
   * is old enough to be worth doubting, it is dropped and true returned (open the push once more);
   * otherwise false (the push is refused as it stands).
   */
  public boolean forgetAfterBadTag(byte[] systemTitle) {
    String serial = serialOfTitle.get(SystemTitles.format(systemTitle));
    if (serial == null) {
      return false;
    }
    Opened o = secretsOfSerial.get(serial);
    if (o == null || nanoTime.getAsLong() - o.readNanos() < REREAD_AFTER_BAD_TAG.toNanos()) {
      return false;
    }
    return secretsOfSerial.remove(serial, o);
  }

  private Optional<MeterSecrets> secretsOf(String serial) throws SQLException {
    long now = nanoTime.getAsLong();
    Opened o = secretsOfSerial.get(serial);
    if (o != null && now - o.readNanos() < SECRETS_TTL.toNanos()) {
      return Optional.of(o.secrets());
    }
    long changesBefore = changes.get();
    Optional<MeterSecrets> read = keys.lookup(serial);
    if (read.isEmpty()) {
      secretsOfSerial.remove(serial);
    } else if (changes.get() == changesBefore) {
      bounded(secretsOfSerial).put(serial, new Opened(read.get(), now));
    }
    return read;
  }

  private static <K, V> ConcurrentHashMap<K, V> bounded(ConcurrentHashMap<K, V> map) {
    if (map.size() >= MAX_ENTRIES) {
      map.clear();
    }
    return map;
  }
}
