package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.MeterSecrets;

/**
 * Ciphered pushes find their sender's keys in memory: a title's meter is asked once, a meter's keys
 * once per expiry, a change made on this node is seen at once and a title nobody had is never
 * answered from memory.
 */
class CachedSendersTest extends PostgresTestSupport {
  static final byte[] TITLE = HexFormat.of().parseHex("55524A00000000C1");
  final MasterKey master = new MasterKey(MeterKeyStoreTest.random(32));
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  MeterKeyStore store;
  CachedSenders senders;
  MeterSecrets original;

  @BeforeEach
  void meterWithTitle() throws Exception {
    truncate("meter_keys", "meter_key_master", "meter_system_titles", "meter_frame_counters");
    store = new MeterKeyStore(dataSource(), Optional.of(master));
    senders = new CachedSenders(store, nanos::get);
    original = MeterKeyStoreTest.secrets();
    store.importRows(
        List.of(new KeyFileRow(2, "CACHE-1", original, Optional.of("55524A00000000C1"))),
        "U1",
        "key:1");
  }

  byte[] encryptionKeyFound() {
    return senders.bySystemTitle(TITLE).orElseThrow().secrets().encryptionKey().orElseThrow();
  }

  @Test
  void aKeyRotatedOnThisNodeIsUsedAtOnce() throws Exception {
    assertThat(encryptionKeyFound()).isEqualTo(original.encryptionKey().orElseThrow());
    KeyRotation rotation = new KeyRotation(dataSource(), store);
    rotation.start("CACHE-1", MeterSecrets.none(), "key:1");
    MeterSecrets next = rotation.pending("CACHE-1").orElseThrow().secrets();

    assertThat(encryptionKeyFound())
        .as("pending keys are not in use yet")
        .isEqualTo(original.encryptionKey().orElseThrow());
    rotation.confirm("CACHE-1", 2);

    // no time has passed on the cache's clock: only the change itself can have dropped the old keys
    assertThat(encryptionKeyFound()).isEqualTo(next.encryptionKey().orElseThrow());
  }

  @Test
  void theCacheNeverAnswersForATitleItDoesNotKnow() throws Exception {
    byte[] stranger = HexFormat.of().parseHex("55524A00000000C2");
    assertThat(senders.bySystemTitle(stranger)).isEmpty();
    assertThat(senders.forgetAfterBadTag(stranger)).isFalse();

    // another node imports the title: this node finds it on the next push, not after an expiry
    MeterKeyStore otherNode = new MeterKeyStore(dataSource(), Optional.of(master));
    MeterSecrets theirs = MeterKeyStoreTest.secrets();
    otherNode.importRows(
        List.of(new KeyFileRow(2, "CACHE-2", theirs, Optional.of("55524A00000000C2"))),
        "U1",
        "key:1");

    CipheredPushes.Sender found = senders.bySystemTitle(stranger).orElseThrow();
    assertThat(found.meterSerial()).isEqualTo("CACHE-2");
    assertThat(found.secrets().encryptionKey().orElseThrow())
        .isEqualTo(theirs.encryptionKey().orElseThrow());
    assertThat(senders.bySystemTitle(TITLE).orElseThrow().meterSerial()).isEqualTo("CACHE-1");
  }

  @Test
  void aMetersKeysAreReadOncePerExpiryNotOncePerPush() throws Exception {
    assertThat(encryptionKeyFound()).isEqualTo(original.encryptionKey().orElseThrow());
    // rotated behind this node's back (another node): the copy in memory serves until it expires
    KeyRotation otherNode =
        new KeyRotation(dataSource(), new MeterKeyStore(dataSource(), Optional.of(master)));
    otherNode.start("CACHE-1", MeterSecrets.none(), "key:1");
    MeterSecrets next = otherNode.pending("CACHE-1").orElseThrow().secrets();
    otherNode.confirm("CACHE-1", 2);

    nanos.addAndGet(CachedSenders.SECRETS_TTL.toNanos() - 1);
    assertThat(encryptionKeyFound()).isEqualTo(original.encryptionKey().orElseThrow());

    nanos.addAndGet(1);
    assertThat(encryptionKeyFound()).isEqualTo(next.encryptionKey().orElseThrow());
  }

  @Test
  void aFailedTagRereadsTheKeysAtMostOncePerSecondPerMeter() throws Exception {
    senders.bySystemTitle(TITLE).orElseThrow();
    assertThat(senders.forgetAfterBadTag(TITLE)).as("keys read just now are not doubted").isFalse();

    nanos.addAndGet(CachedSenders.REREAD_AFTER_BAD_TAG.toNanos());
    assertThat(senders.forgetAfterBadTag(TITLE)).isTrue();
    senders.bySystemTitle(TITLE).orElseThrow();
    assertThat(senders.forgetAfterBadTag(TITLE)).as("read again just now").isFalse();
  }

  @Test
  void aMeterWhoseKeysWereTakenAwayIsNotAnsweredFromMemoryAfterTheExpiry() throws Exception {
    senders.bySystemTitle(TITLE).orElseThrow();
    execute("UPDATE meter_keys SET state = 'retired' WHERE serial = 'CACHE-1'");

    nanos.addAndGet(CachedSenders.SECRETS_TTL.toNanos());

    assertThat(senders.bySystemTitle(TITLE)).isEmpty();
  }
}
