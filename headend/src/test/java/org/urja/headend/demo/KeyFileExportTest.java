package org.urja.headend.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.ingest.keys.KeyFileRow;
import org.urja.ingest.keys.MeterKeyFile;
import org.urja.protocol.security.MeterSecrets;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.security.KeyFileExport;
import org.urja.simulator.security.SimulatedKeys;

/** The simulator's key file is one the head-end's parser reads, secret for secret. */
class KeyFileExportTest {
  final FleetConfig fleet =
      new FleetConfig(
          3,
          5,
          "KEX",
          99L,
          Instant.parse("2026-11-21T00:00:00Z"),
          Duration.ofMinutes(15),
          Duration.ofSeconds(1),
          0,
          4,
          100);

  @Test
  void theExportedKeyFileParsesToEachMetersOwnSecrets() {
    MeterKeyFile.Parsed parsed =
        MeterKeyFile.parse(
            KeyFileExport.csv(fleet.seed(), fleet.serials()).getBytes(StandardCharsets.US_ASCII));

    assertThat(parsed.good()).as("problems: %s", parsed.problems()).isTrue();
    assertThat(parsed.rows())
        .extracting(KeyFileRow::serial)
        .containsExactly("KEX00000005", "KEX00000006", "KEX00000007");
    for (KeyFileRow row : parsed.rows()) {
      MeterSecrets own = SimulatedKeys.secrets(99L, row.serial());
      assertThat(row.secrets().llsPassword().orElseThrow())
          .isEqualTo(own.llsPassword().orElseThrow());
      assertThat(row.secrets().hlsSecret().orElseThrow()).isEqualTo(own.hlsSecret().orElseThrow());
      assertThat(row.secrets().encryptionKey().orElseThrow())
          .isEqualTo(own.encryptionKey().orElseThrow());
      assertThat(row.secrets().authenticationKey().orElseThrow())
          .isEqualTo(own.authenticationKey().orElseThrow());
    }
  }

  @Test
  void keysAreTheSameForTheSameSeedAndDifferPerMeterAndSeed() {
    String pw = SimulatedKeys.llsPassword(99L, "KEX00000005");
    assertThat(pw).hasSize(12).matches("[A-Za-z0-9]+");
    assertThat(SimulatedKeys.llsPassword(99L, "KEX00000005")).isEqualTo(pw);
    assertThat(SimulatedKeys.llsPassword(99L, "KEX00000006")).isNotEqualTo(pw);
    assertThat(SimulatedKeys.secrets(98L, "KEX00000005").encryptionKey().orElseThrow())
        .isNotEqualTo(SimulatedKeys.secrets(99L, "KEX00000005").encryptionKey().orElseThrow());
    byte[] title = SimulatedKeys.systemTitle("KEX00000005");
    assertThat(title).hasSize(8).startsWith((byte) 'U', (byte) 'R', (byte) 'J');
    assertThat(SimulatedKeys.systemTitle("KEX00000006")).isNotEqualTo(title);
  }
}
