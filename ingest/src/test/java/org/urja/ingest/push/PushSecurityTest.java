package org.urja.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.db.SwitchableDataSource;
import org.urja.ingest.keys.CachedSenders;
import org.urja.ingest.keys.KeyFileRow;
import org.urja.ingest.keys.KeyRotation;
import org.urja.ingest.keys.MasterKey;
import org.urja.ingest.keys.MeterKeyStore;
import org.urja.ingest.keys.StoredFrameCounterGuard;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.MeterSecrets;

/** What a ciphered push must prove, with the sender's keys kept in memory between pushes. */
class PushSecurityTest extends PostgresTestSupport {
  static final byte[] TITLE = HexFormat.of().parseHex("55524A00000000D1");
  static final DataNotification PUSH =
      new DataNotification(
          1, Optional.empty(), DlmsData.structure(DlmsData.u32(123456), DlmsData.bool(true)));
  final SecureRandom random = new SecureRandom();
  final MasterKey master = new MasterKey(bytes(32));
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  MeterKeyStore store;
  PushSecurity security;
  MeterSecrets original;

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @BeforeEach
  void meterWithKeys() throws Exception {
    truncate("meter_keys", "meter_key_master", "meter_system_titles", "meter_frame_counters");
    store = new MeterKeyStore(dataSource(), Optional.of(master));
    StoredFrameCounterGuard guard =
        new StoredFrameCounterGuard(dataSource(), new SimpleMeterRegistry());
    security =
        new PushSecurity(store, guard, guard.acceptingTheLastAgain(), nanos::get, Runnable::run);
    original =
        new MeterSecrets(
            Optional.empty(), Optional.empty(), Optional.of(bytes(16)), Optional.of(bytes(16)));
    store.importRows(
        List.of(new KeyFileRow(2, "SEC-1", original, Optional.of("55524A00000000D1"))),
        "U1",
        "key:1");
  }

  @Test
  void aPushSealedUnderKeysRotatedOnAnotherNodeIsOpenedAfterOneRereadOfTheKeys() throws Exception {
    assertThat(security.open(CipheredPushes.seal(PUSH, TITLE, 1, original)).provenSerial())
        .hasValue("SEC-1");
    KeyRotation otherNode =
        new KeyRotation(dataSource(), new MeterKeyStore(dataSource(), Optional.of(master)));
    otherNode.start("SEC-1", MeterSecrets.none(), "key:1");
    MeterSecrets next = otherNode.pending("SEC-1").orElseThrow().secrets();
    otherNode.confirm("SEC-1", 2);

    nanos.addAndGet(CachedSenders.REREAD_AFTER_BAD_TAG.toNanos());

    assertThat(security.open(CipheredPushes.seal(PUSH, TITLE, 1, next)).provenSerial())
        .hasValue("SEC-1");
  }

  @Test
  void aForgedPushIsRefusedWithoutAnswersFromStaleKeys() {
    security.open(CipheredPushes.seal(PUSH, TITLE, 1, original));
    MeterSecrets forger =
        new MeterSecrets(
            Optional.empty(), Optional.empty(), Optional.of(bytes(16)), Optional.of(bytes(16)));

    assertThatThrownBy(() -> security.open(CipheredPushes.seal(PUSH, TITLE, 2, forger)))
        .isInstanceOfSatisfying(
            PushRefusedException.class, e -> assertThat(e.reason()).isEqualTo("auth_failed"));
    nanos.addAndGet(CachedSenders.REREAD_AFTER_BAD_TAG.toNanos());
    assertThatThrownBy(() -> security.open(CipheredPushes.seal(PUSH, TITLE, 3, forger)))
        .isInstanceOfSatisfying(
            PushRefusedException.class, e -> assertThat(e.reason()).isEqualTo("auth_failed"));
    // the genuine meter's next push still opens, and its counter was not moved by the forgeries
    assertThat(security.open(CipheredPushes.seal(PUSH, TITLE, 2, original)).provenSerial())
        .hasValue("SEC-1");
  }

  @Test
  void aReplayedPushIsRefusedEvenWhenItsKeysComeFromMemory() {
    byte[] sealed = CipheredPushes.seal(PUSH, TITLE, 7, original);
    security.open(sealed);

    assertThatThrownBy(() -> security.open(sealed))
        .isInstanceOfSatisfying(
            PushRefusedException.class, e -> assertThat(e.reason()).isEqualTo("replay"));
  }

  @Test
  void aMeterKnownToPushPlainIsNotRefusedWhileTheDatabaseIsDown() throws Exception {
    SwitchableDataSource database = new SwitchableDataSource(dataSource());
    MeterKeyStore keys = new MeterKeyStore(database, Optional.of(master));
    StoredFrameCounterGuard guard =
        new StoredFrameCounterGuard(database, new SimpleMeterRegistry());
    PushSecurity node =
        new PushSecurity(keys, guard, guard.acceptingTheLastAgain(), nanos::get, Runnable::run);
    keys.systemTitles().requireCipheredPushes("SEC-1", false);
    node.checkPlain("SEC-1");

    database.down.set(true);
    nanos.addAndGet(PushSecurity.POLICY_TTL.toNanos() + 1);
    // the setting last read stands: the push goes on to the writer, which holds it until the
    // database is back, instead of being refused and lost
    node.checkPlain("SEC-1");
    assertThat(database.refusedConnections.get()).isPositive();
    // a meter this node never read a setting for cannot be let in unchecked: a fault, not a refusal
    assertThatThrownBy(() -> node.checkPlain("SEC-UNSEEN"))
        .isInstanceOf(PushSecurity.UnavailableException.class);
  }

  @Test
  void anExpiredMustCipherSettingIsReadAgainInTheBackgroundNeverOnThePushsThread()
      throws Exception {
    List<Runnable> background = new java.util.ArrayList<>();
    StoredFrameCounterGuard guard =
        new StoredFrameCounterGuard(dataSource(), new SimpleMeterRegistry());
    PushSecurity node =
        new PushSecurity(store, guard, guard.acceptingTheLastAgain(), nanos::get, background::add);
    store.systemTitles().requireCipheredPushes("SEC-1", false);
    node.checkPlain("SEC-1"); // first sight: read at once
    assertThat(background).isEmpty();

    // another node's operator requires ciphered pushes (this node's cache is not told)
    new MeterKeyStore(dataSource(), Optional.of(master))
        .systemTitles()
        .requireCipheredPushes("SEC-1", true);
    nanos.addAndGet(PushSecurity.POLICY_TTL.toNanos() + 1);

    // judged by the setting last read while it is read again; asked once, however many pushes
    node.checkPlain("SEC-1");
    node.checkPlain("SEC-1");
    assertThat(background).hasSize(1);

    background.get(0).run();
    assertThatThrownBy(() -> node.checkPlain("SEC-1"))
        .isInstanceOfSatisfying(
            PushRefusedException.class, e -> assertThat(e.reason()).isEqualTo("plain_refused"));
  }
}
