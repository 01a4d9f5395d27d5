package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.security.MeterSecrets;

/** Meters' keys at rest: sealed, bound to their meter, imported all-or-nothing and only once. */
class MeterKeyStoreTest extends PostgresTestSupport {
  static final SecureRandom RANDOM = new SecureRandom();
  final MasterKey master = new MasterKey(random(32));
  MeterKeyStore store;

  @BeforeEach
  void empty() {
    truncate("meter_keys", "meter_key_master", "meter_system_titles");
    store = new MeterKeyStore(dataSource(), Optional.of(master));
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static MeterSecrets secrets() {
    return new MeterSecrets(
        Optional.of("ABCDEFGH".getBytes(StandardCharsets.US_ASCII)),
        Optional.empty(),
        Optional.of(random(16)),
        Optional.of(random(16)));
  }

  static List<KeyFileRow> rows(String prefix, int n) {
    List<KeyFileRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new KeyFileRow(i + 2, prefix + i, secrets()));
    }
    return rows;
  }

  @Test
  void importedKeysAreStoredSealedAndLookedUpInTheClear() throws Exception {
    List<KeyFileRow> batch = rows("STORE-A", 3);

    MeterKeyStore.ImportOutcome outcome = store.importRows(batch, "U1", "key:1");

    assertThat(outcome.stored()).isTrue();
    assertThat(outcome.created()).isEqualTo(3);
    MeterSecrets back = store.lookup("STORE-A1").orElseThrow();
    assertThat(back.encryptionKey().orElseThrow())
        .isEqualTo(batch.get(1).secrets().encryptionKey().orElseThrow());
    assertThat(back.authenticationKey().orElseThrow())
        .isEqualTo(batch.get(1).secrets().authenticationKey().orElseThrow());
    assertThat(back.llsPassword().orElseThrow())
        .isEqualTo("ABCDEFGH".getBytes(StandardCharsets.US_ASCII));
    assertThat(back.hlsSecret()).isEmpty();
    assertThat(store.lookup("NO-SUCH-METER")).isEmpty();

    String ekHex = HexFormat.of().formatHex(batch.get(1).secrets().encryptionKey().orElseThrow());
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT encode(lls_password, 'hex') || encode(encryption_key, 'hex') "
                    + "|| encode(authentication_key, 'hex') FROM meter_keys WHERE serial = 'STORE-A1'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getString(1))
          .doesNotContain(ekHex)
          .doesNotContain(HexFormat.of().formatHex("ABCDEFGH".getBytes()));
    }
    assertThat(store.versions("STORE-A1"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.state()).isEqualTo(KeyState.ACTIVE);
              assertThat(v.version()).isEqualTo(1);
              assertThat(v.present())
                  .containsExactlyInAnyOrder(
                      KeyKind.LLS_PASSWORD, KeyKind.ENCRYPTION_KEY, KeyKind.AUTHENTICATION_KEY);
              assertThat(v.activatedAt()).isNotNull();
            });
  }

  @Test
  void importingTheSameFileTwiceChangesNothing() throws Exception {
    List<KeyFileRow> batch = rows("STORE-B", 4);
    store.importRows(batch, null, "key:1");

    MeterKeyStore.ImportOutcome again = store.importRows(batch, null, "key:1");

    assertThat(again.stored()).isTrue();
    assertThat(again.created()).isZero();
    assertThat(again.unchanged()).isEqualTo(4);
    assertThat(queryLong("SELECT count(*) FROM meter_keys WHERE serial LIKE 'STORE-B%'"))
        .isEqualTo(4);
  }

  @Test
  void aFileThatWouldChangeOneMetersKeysStoresNothingAtAll() throws Exception {
    store.importRows(rows("STORE-C", 1), null, "key:1");
    List<KeyFileRow> batch = new ArrayList<>(rows("STORE-D", 2));
    batch.add(new KeyFileRow(9, "STORE-C0", secrets()));

    MeterKeyStore.ImportOutcome outcome = store.importRows(batch, null, "key:1");

    assertThat(outcome.stored()).isFalse();
    assertThat(outcome.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(9);
              assertThat(p.message()).contains("already has different keys").contains("rotate");
            });
    assertThat(queryLong("SELECT count(*) FROM meter_keys WHERE serial LIKE 'STORE-D%'")).isZero();
  }

  @Test
  void anOperatorOfAnotherUtilityCannotTouchAMetersKeys() throws Exception {
    List<KeyFileRow> batch = rows("STORE-E", 1);
    store.importRows(batch, "U1", "key:1");

    MeterKeyStore.ImportOutcome outcome = store.importRows(batch, "U2", "key:2");

    assertThat(outcome.problems())
        .extracting(KeyFileProblem::message)
        .containsExactly("the keys of meter STORE-E0 belong to another utility");
  }

  @Test
  void aSealedKeyMovedToAnotherMeterDoesNotOpen() throws Exception {
    store.importRows(rows("STORE-F", 2), null, "key:1");
    execute(
        "UPDATE meter_keys SET encryption_key = (SELECT encryption_key FROM meter_keys WHERE serial = 'STORE-F0') "
            + "WHERE serial = 'STORE-F1'");

    assertThat(store.lookup("STORE-F0")).isPresent();
    assertThatThrownBy(() -> store.lookup("STORE-F1"))
        .isInstanceOf(MasterKey.SealBrokenException.class);
  }

  @Test
  void aNodeRefusesToStartWithStoredKeysAndNoOrTheWrongMasterKey() throws Exception {
    new MeterKeyStore(dataSource(), Optional.empty()).checkOnStart();
    store.importRows(rows("STORE-G", 2), null, "key:1");

    store.checkOnStart();
    assertThatThrownBy(() -> new MeterKeyStore(dataSource(), Optional.empty()).checkOnStart())
        .hasMessage(
            "2 meters' keys are stored but keys.master is not set; this node refuses to start without the key "
                + "they are sealed under");
    assertThatThrownBy(
            () ->
                new MeterKeyStore(dataSource(), Optional.of(new MasterKey(random(32))))
                    .checkOnStart())
        .hasMessageStartingWith("keys.master does not open the stored meter keys");
    assertThatThrownBy(
            () ->
                new MeterKeyStore(dataSource(), Optional.empty())
                    .importRows(rows("STORE-H", 1), null, "k"))
        .isInstanceOf(MeterKeyStore.MasterKeyMissingException.class);
  }

  @Test
  void aGeneratedMasterKeyIsTheSameForEveryNodeOfOneDatabase() throws Exception {
    MasterKey first = MasterKey.generatedFor(dataSource());
    new MeterKeyStore(dataSource(), Optional.of(first))
        .importRows(rows("STORE-I", 1), null, "key:1");

    MasterKey second = MasterKey.generatedFor(dataSource());

    assertThat(new MeterKeyStore(dataSource(), Optional.of(second)).lookup("STORE-I0")).isPresent();
    assertThat(second.toString()).isEqualTo("MasterKey[hidden]");
  }

  @Test
  void aConfiguredMasterKeyMustBe32BytesOfBase64() {
    assertThatThrownBy(() -> MasterKey.ofBase64("c2hvcnQ="))
        .hasMessageContaining("decodes to 5 bytes");
    assertThatThrownBy(() -> MasterKey.ofBase64("not base64 at all!"))
        .hasMessageStartingWith("keys.master must be 32 bytes");
    assertThat(MasterKey.ofBase64(java.util.Base64.getEncoder().encodeToString(random(32))))
        .isNotNull();
  }

  @Test
  void aSystemTitleNamesOneMeterWhoseKeysOpenItsCipheredPushes() throws Exception {
    KeyFileRow a = new KeyFileRow(2, "TITLE-A", secrets(), Optional.of("55524A00000000A1"));
    KeyFileRow b = new KeyFileRow(3, "TITLE-B", secrets());
    assertThat(store.importRows(List.of(a, b), "U1", "key:1").created()).isEqualTo(2);
    MeterSystemTitles titles = store.systemTitles();

    var sender =
        titles
            .senders(store)
            .bySystemTitle(HexFormat.of().parseHex("55524a00000000a1"))
            .orElseThrow();
    assertThat(sender.meterSerial()).isEqualTo("TITLE-A");
    assertThat(sender.secrets().encryptionKey().orElseThrow())
        .isEqualTo(a.secrets().encryptionKey().orElseThrow());
    assertThat(titles.senders(store).bySystemTitle(HexFormat.of().parseHex("55524a00000000ff")))
        .isEmpty();
    assertThat(titles.ofMeter("TITLE-A"))
        .hasValue(new MeterSystemTitles.Title("TITLE-A", "55524A00000000A1", true));
    assertThat(titles.ofMeter("TITLE-B")).isEmpty();
    assertThat(store.versions("TITLE-A"))
        .singleElement()
        .satisfies(v -> assertThat(v.systemTitle()).hasValue("55524A00000000A1"));

    // the same title for another meter, or another title for the same meter: nothing of the file is
    // stored
    KeyFileRow thief = new KeyFileRow(2, "TITLE-C", secrets(), Optional.of("55524A00000000A1"));
    KeyFileRow moved = new KeyFileRow(3, "TITLE-A", a.secrets(), Optional.of("55524A00000000A2"));
    MeterKeyStore.ImportOutcome refused = store.importRows(List.of(thief, moved), "U1", "key:1");
    assertThat(refused.stored()).isFalse();
    assertThat(refused.problems())
        .extracting(KeyFileProblem::message)
        .containsExactly(
            "system title 55524A00000000A1 belongs to meter TITLE-A",
            "meter TITLE-A already has system title 55524A00000000A1; a meter's system title does not change");
    assertThat(store.lookup("TITLE-C")).isEmpty();

    // a title shipped later for keys already stored is added; the keys stay as they are
    MeterKeyStore.ImportOutcome later =
        store.importRows(
            List.of(new KeyFileRow(2, "TITLE-B", b.secrets(), Optional.of("55524A00000000B1"))),
            "U1",
            "key:1");
    assertThat(later.unchanged()).isEqualTo(1);
    assertThat(titles.ofMeter("TITLE-B"))
        .hasValueSatisfying(t -> assertThat(t.systemTitle()).isEqualTo("55524A00000000B1"));
    assertThat(titles.requireCipheredPushes("TITLE-B", false)).isTrue();
    assertThat(titles.ofMeter("TITLE-B"))
        .hasValueSatisfying(t -> assertThat(t.pushesCiphered()).isFalse());
    assertThat(titles.requireCipheredPushes("NO-TITLE", true)).isFalse();
  }
}
