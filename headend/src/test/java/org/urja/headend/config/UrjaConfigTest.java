package org.urja.headend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrjaConfigTest {
  @TempDir Path dir;

  @Test
  void theEnvironmentWinsOverTheFileAndTheFileOverDefaults() throws Exception {
    Path file = dir.resolve("urja.properties");
    Files.writeString(file, "tcp.port=5000\ndb.url=jdbc:postgresql://file/urja\n");
    UrjaConfig c =
        UrjaConfig.load(Optional.of(file), Map.of("URJA_DB_URL", "jdbc:postgresql://env/urja"));
    assertThat(c.integer("tcp.port")).isEqualTo(5000);
    assertThat(c.string("db.url")).isEqualTo("jdbc:postgresql://env/urja");
    assertThat(c.duration("tcp.idle.timeout")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aMisspeltSettingIsRefusedWithTheKnownOnesListed() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "tcp.prot=5000\n");
    assertThatThrownBy(() -> UrjaConfig.load(Optional.of(file), Map.of()))
        .hasMessageContaining("unknown setting 'tcp.prot'")
        .hasMessageContaining("tcp.port");
  }

  @Test
  void aMalformedValueNamesItsSetting() {
    UrjaConfig c = UrjaConfig.defaults().with("tcp.port", "forty");
    assertThatThrownBy(() -> c.integer("tcp.port"))
        .hasMessageContaining("tcp.port must be an integer");
    UrjaConfig d = UrjaConfig.defaults().with("tcp.idle.timeout", "1h");
    assertThatThrownBy(() -> d.duration("tcp.idle.timeout")).hasMessageContaining("ISO-8601");
  }

  @Test
  void runQuarantinesUnknownMetersWhileACommandsOwnDefaultNeverOverridesTheOperatorsChoice()
      throws Exception {
    assertThat(UrjaConfig.defaults().string("store.unknown.meters")).isEqualTo("QUARANTINE");
    assertThat(
            UrjaConfig.load(Optional.empty(), Map.of())
                .withDefault("store.unknown.meters", "AUTO_REGISTER")
                .string("store.unknown.meters"))
        .isEqualTo("AUTO_REGISTER");
    Path file = dir.resolve("strict-demo.properties");
    Files.writeString(file, "store.unknown.meters=QUARANTINE\n");
    assertThat(
            UrjaConfig.load(Optional.of(file), Map.of())
                .withDefault("store.unknown.meters", "AUTO_REGISTER")
                .string("store.unknown.meters"))
        .isEqualTo("QUARANTINE");
    assertThat(
            UrjaConfig.load(Optional.empty(), Map.of("URJA_INGEST_CLOCK_TOLERANCE", "PT5M"))
                .withDefault("ingest.clock.tolerance", "P3650D")
                .duration("ingest.clock.tolerance"))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(UrjaConfig.envName("db.pool.size")).isEqualTo("URJA_DB_POOL_SIZE");
  }
}
