package org.urja.headend.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet the bench imports is the fleet the simulator starts. */
class FleetImportTest {
  @Test
  void everyMeterIsImportedWithTheMakeThatSimulatesIt() {
    Map<String, String> models = FleetImport.models(10_000);
    assertThat(models).hasSize(10_000);
    assertThat(models.get("SIM00000000")).isEqualTo("urja-sim-1ph");
    assertThat(models.get("SIM00004999")).isEqualTo("urja-sim-1ph");
    assertThat(models.get("SIM00005000")).isEqualTo("urja-sim-1ph-b");
    assertThat(models.get("SIM00009999")).isEqualTo("urja-sim-1ph-b");
    assertThat(FleetImport.makes(models)).containsExactly("urja-sim-1ph", "urja-sim-1ph-b");
  }

  @Test
  void aOneMeterFleetIsOfTheSecondMakeAsTheSimulatorSplitsIt() {
    assertThat(FleetImport.models(1)).containsExactly(Map.entry("SIM00000000", "urja-sim-1ph-b"));
  }
}
