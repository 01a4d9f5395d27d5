package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.urja.protocol.client.AssociationUnavailableException;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.model.ModelAssociations;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.MeterSecrets;

/** Which association, with which keys, the head-end opens with a meter for each purpose. */
class ModelAssociationPolicyTest {
  static final byte[] TITLE = HexFormat.of().parseHex("55524A0000000001");
  static final MeterSecrets KEYS =
      new MeterSecrets(
          Optional.of("reader-01".getBytes(StandardCharsets.US_ASCII)),
          Optional.empty(),
          Optional.of(new byte[16]),
          Optional.of(new byte[16]));
  final MeterModel is15959 = MeterModelCatalog.bundled().defaultModel();
  final AtomicLong counter = new AtomicLong(1);

  private ModelAssociationPolicy policy(MeterModel model, Map<String, MeterSecrets> keys) {
    return new ModelAssociationPolicy(
        serial -> model,
        serial -> Optional.ofNullable(keys.get(serial)),
        TITLE,
        serial -> counter.getAndIncrement(),
        (serial, title, fc) -> true,
        Duration.ofSeconds(3),
        serial -> {});
  }

  @Test
  void readsGoOverTheMeterReaderWithItsPasswordAndRelayCommandsOverHlsUtilitySettings() {
    ModelAssociationPolicy p = policy(is15959, Map.of("M1", KEYS));

    ClientSettings read = p.settingsFor("M1", CommandPurpose.READ);
    assertThat(read.clientWPort()).isEqualTo(0x20);
    assertThat(read.password()).contains("reader-01");
    assertThat(read.security()).isEmpty();
    assertThat(read.responseTimeout()).isEqualTo(Duration.ofSeconds(3));

    ClientSettings action = p.settingsFor("M1", CommandPurpose.ACTION);
    assertThat(action.clientWPort()).isEqualTo(0x30);
    assertThat(action.security())
        .hasValueSatisfying(
            s -> {
              assertThat(s.hlsGmac()).isTrue();
              assertThat(s.meterSerial()).isEqualTo("M1");
              assertThat(s.clientSystemTitle()).isEqualTo(TITLE);
            });
  }

  @Test
  void relayCommandsReadKeysAndPrimeAnswerCountersWhereTheyAreToldReadsWhereTheyWere() {
    java.util.List<String> asked = new java.util.ArrayList<>();
    java.util.List<String> primed = new java.util.ArrayList<>();
    ModelAssociationPolicy p =
        new ModelAssociationPolicy(
                serial -> is15959,
                serial -> {
                  asked.add("main:" + serial);
                  return Optional.of(KEYS);
                },
                TITLE,
                serial -> counter.getAndIncrement(),
                (serial, title, fc) -> true,
                Duration.ofSeconds(3),
                primed::add)
            .commandsReadingKeysFrom(
                serial -> {
                  asked.add("relay:" + serial);
                  return Optional.of(KEYS);
                });

    p.settingsFor("M3", CommandPurpose.READ);
    p.settingsFor("M3", CommandPurpose.ACTION);

    assertThat(asked).containsExactly("main:M3", "relay:M3");
    // the meter-reader association is not ciphered: only the relay's counters are primed
    assertThat(primed).containsExactly("M3");
  }

  @Test
  void aMeterWithoutKeysIsReadOverThePublicClientButItsRelayCommandFailsWithTheReason() {
    ModelAssociationPolicy p = policy(is15959, Map.of());

    ClientSettings read = p.settingsFor("M2", CommandPurpose.READ);
    assertThat(read.clientWPort()).isEqualTo(ClientSettings.PUBLIC_CLIENT);
    assertThat(read.password()).isEmpty();
    assertThatThrownBy(() -> p.settingsFor("M2", CommandPurpose.ACTION))
        .isInstanceOf(AssociationUnavailableException.class)
        .hasMessageStartingWith(
            "no HLS keys imported for meter M2 (association 'utility-settings', client 48)");
    assertThatThrownBy(() -> p.settingsFor("M2", CommandPurpose.SET))
        .isInstanceOf(AssociationUnavailableException.class);
    assertThat(counter.get()).as("no invocation counter spent").isEqualTo(1);
  }

  @Test
  void aModelWhoseRelayAssociationIsNotHlsNeverSwitchesTheRelay() {
    ModelAssociations llsOnly =
        new ModelAssociations(
            List.of(
                AssociationSpec.PUBLIC_CLIENT,
                new AssociationSpec("management", 1, 1, AssociationSpec.Authentication.LOW, false)),
            "public",
            "management",
            "management");
    MeterModel weak =
        new MeterModel(
            "weak-make",
            "LLS management",
            is15959.deviationSign(),
            is15959.timeZone(),
            is15959.registers(),
            is15959.pushes(),
            is15959.profiles(),
            llsOnly);
    ModelAssociationPolicy p = policy(weak, Map.of("M3", KEYS));

    assertThatThrownBy(() -> p.settingsFor("M3", CommandPurpose.ACTION))
        .isInstanceOf(AssociationUnavailableException.class)
        .hasMessageContaining("relay commands go only over an HLS-authenticated association")
        .hasMessageContaining("weak-make");
    assertThat(p.settingsFor("M3", CommandPurpose.SET).clientWPort()).isEqualTo(1);
  }

  @Test
  void aConnectionNotYetIdentifiedIsReadOverThePublicClient() {
    ClientSettings s = policy(is15959, Map.of()).settingsFor(null, CommandPurpose.READ);
    assertThat(s.clientWPort()).isEqualTo(ClientSettings.PUBLIC_CLIENT);
    assertThat(s.security()).isEmpty();
  }
}
