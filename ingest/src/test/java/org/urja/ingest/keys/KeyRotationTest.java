package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.security.MeterSecrets;

/**
 * A rotation is pending until the new keys are confirmed on the meter; the old ones serve until
 * then.
 */
class KeyRotationTest extends PostgresTestSupport {
  MeterKeyStore store;
  KeyRotation rotation;
  MeterSecrets original;

  @BeforeEach
  void meterWithKeys() throws Exception {
    truncate("meter_keys", "meter_frame_counters");
    store =
        new MeterKeyStore(dataSource(), Optional.of(new MasterKey(MeterKeyStoreTest.random(32))));
    rotation = new KeyRotation(dataSource(), store);
    original = MeterKeyStoreTest.secrets();
    store.importRows(List.of(new KeyFileRow(2, "ROT-1", original)), "U1", "key:1");
  }

  @Test
  void aRotatedMeterKeepsUsingItsOldKeysUntilTheNewOnesAreConfirmed() throws Exception {
    KeyVersion pending = rotation.start("ROT-1", MeterSecrets.none(), "key:1");

    assertThat(pending.state()).isEqualTo(KeyState.PENDING);
    assertThat(pending.version()).isEqualTo(2);
    assertThat(store.lookup("ROT-1").orElseThrow().encryptionKey().orElseThrow())
        .isEqualTo(original.encryptionKey().orElseThrow());
    MeterSecrets next = rotation.pending("ROT-1").orElseThrow().secrets();
    assertThat(next.encryptionKey().orElseThrow())
        .isNotEqualTo(original.encryptionKey().orElseThrow())
        .hasSize(16);
    assertThat(next.authenticationKey().orElseThrow())
        .isNotEqualTo(original.authenticationKey().orElseThrow());
    assertThat(next.llsPassword().orElseThrow()).isEqualTo(original.llsPassword().orElseThrow());

    KeyVersion confirmed = rotation.confirm("ROT-1", 2);

    assertThat(confirmed.state()).isEqualTo(KeyState.ACTIVE);
    assertThat(store.lookup("ROT-1").orElseThrow().encryptionKey().orElseThrow())
        .isEqualTo(next.encryptionKey().orElseThrow());
    assertThat(store.versions("ROT-1"))
        .extracting(KeyVersion::version, KeyVersion::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, KeyState.ACTIVE),
            org.assertj.core.groups.Tuple.tuple(1, KeyState.RETIRED));
    assertThat(rotation.pending("ROT-1")).isEmpty();
    assertThat(
            queryLong("SELECT count(*) FROM meter_keys WHERE serial = 'ROT-1' AND utility = 'U1'"))
        .isEqualTo(2);
  }

  @Test
  void keysGivenForARotationAreUsedAsTheyAre() throws Exception {
    byte[] ek = MeterKeyStoreTest.random(16);
    rotation.start(
        "ROT-1",
        new MeterSecrets(Optional.empty(), Optional.empty(), Optional.of(ek), Optional.empty()),
        "key:1");

    assertThat(rotation.pending("ROT-1").orElseThrow().secrets().encryptionKey().orElseThrow())
        .isEqualTo(ek);
  }

  @Test
  void aSecondRotationWaitsUntilTheFirstIsConfirmedOrCancelled() throws Exception {
    rotation.start("ROT-1", MeterSecrets.none(), "key:1");

    assertThatThrownBy(() -> rotation.start("ROT-1", MeterSecrets.none(), "key:1"))
        .isInstanceOfSatisfying(
            KeyRotation.RotationRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("rotation_pending"));

    KeyVersion cancelled = rotation.cancel("ROT-1", 2);
    assertThat(cancelled.state()).isEqualTo(KeyState.RETIRED);
    assertThat(store.lookup("ROT-1").orElseThrow().encryptionKey().orElseThrow())
        .isEqualTo(original.encryptionKey().orElseThrow());
    assertThat(rotation.start("ROT-1", MeterSecrets.none(), "key:1").version()).isEqualTo(3);
    assertThatThrownBy(() -> rotation.confirm("ROT-1", 2))
        .isInstanceOfSatisfying(
            KeyRotation.RotationRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("not_pending"));
  }

  @Test
  void aMeterWithoutKeysCannotBeRotated() {
    assertThatThrownBy(() -> rotation.start("ROT-NONE", MeterSecrets.none(), "key:1"))
        .isInstanceOfSatisfying(
            KeyRotation.RotationRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("no_keys"));
  }

  @Test
  void confirmingNewKeysForgetsTheMetersFrameCounters() throws Exception {
    StoredFrameCounterGuard guard =
        new StoredFrameCounterGuard(dataSource(), new SimpleMeterRegistry());
    byte[] title = {0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1};
    assertThat(guard.accept("ROT-1", title, 5_000)).isTrue();
    rotation.start("ROT-1", MeterSecrets.none(), "key:1");

    rotation.confirm("ROT-1", 2);

    assertThat(guard.accept("ROT-1", title, 1)).isTrue();
  }
}
