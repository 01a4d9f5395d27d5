package org.urja.headend.bench.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetRunTest {
  @Test
  void theTcpMetersOfEveryMakeAreCountedNotOnlyTheFleetPrintedLast(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("fleet.log");
    Files.writeString(
        log,
        """
        TcpFleet#1: connected=250 pushes=7500 events=0 finished=0 accepted=7484 eventsAccepted=0
        TcpFleet#2: connected=250 pushes=7500 events=0 finished=0 accepted=7490 eventsAccepted=0
        MqttFleet#3: connected=4 pushes=1000 events=0 finished=0 accepted=990 eventsAccepted=0
        TcpFleet#1: connected=250 pushes=7750 events=0 finished=250 accepted=7723 eventsAccepted=0
        TcpFleet#2: connected=250 pushes=7750 events=0 finished=250 accepted=7734 eventsAccepted=0
        MqttFleet#3: connected=4 pushes=1200 events=0 finished=200 accepted=1200 eventsAccepted=0
        """);

    assertThat(FleetRun.countsIn(log)).isEqualTo(new FleetRun.Counts(15_500, 15_457, 1_200, 1_200));
  }
}
