package org.urja.simulator.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.model.RegisterScaling;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * Two makes of simulated meter with the same household behind them send different numbers, and say
 * why.
 */
class MakesOfMeterTest {
  static final ObisCode INSTANT = ObisCode.parse("0.0.25.9.0.255");
  static final MeterModelCatalog CATALOG = MeterModelCatalog.bundled();
  final SimClock clock =
      new SimClock(
          Instant.parse("2026-11-01T00:00:00Z"), Duration.ofMinutes(15), Duration.ofSeconds(1));

  SimulatedMeter meter(String make) {
    SimulatedMeter m = new SimulatedMeter("SIM00000007", CATALOG.get(make), clock, 7L, 4, 8);
    m.advanceTo(5);
    return m;
  }

  @Test
  void aMakeWithEnergyInTenthsOfAWattHourSendsTenTimesTheNumberForTheSameConsumption() {
    SimulatedMeter a = meter("urja-sim-1ph");
    SimulatedMeter b = meter("urja-sim-1ph-b");
    assertThat(b.importWh()).isEqualTo(a.importWh());

    DlmsData.Int rawA = (DlmsData.Int) a.get(register(SimulatedMeter.IMPORT, 2));
    DlmsData.Int rawB = (DlmsData.Int) b.get(register(SimulatedMeter.IMPORT, 2));

    assertThat(rawA.value()).isEqualTo(a.importWh());
    assertThat(rawB.value()).isEqualTo(b.importWh() * 10);
    RegisterScaling saysB = scaling(b.get(register(SimulatedMeter.IMPORT, 3)));
    assertThat(saysB.apply(rawB)).isEqualByComparingTo(java.math.BigDecimal.valueOf(b.importWh()));
  }

  @Test
  void eachMakeAnswersItsPushObjectListAndCaptureObjectsAsItPushesThem() {
    for (String make : CATALOG.names()) {
      SimulatedMeter m = meter(make);
      MeterModel model = CATALOG.get(make);
      List<CaptureObject> said =
          CaptureObject.listFrom(m.get(new AttributeRef(40, INSTANT, 2, Optional.empty())));
      assertThat(said).isEqualTo(model.pushLayout(INSTANT).orElseThrow().objects());
      assertThat(
              ((DlmsData.Composite) m.pushBody(model.pushLayout("instant").orElseThrow())).size())
          .isEqualTo(said.size());
      List<CaptureObject> columns =
          CaptureObject.listFrom(
              m.get(new AttributeRef(7, SimulatedMeter.BLOCK_LOAD, 3, Optional.empty())));
      assertThat(columns).isEqualTo(model.captureObjects(SimulatedMeter.BLOCK_LOAD));
      DlmsData.Composite rows =
          (DlmsData.Composite)
              m.get(new AttributeRef(7, SimulatedMeter.BLOCK_LOAD, 2, Optional.empty()));
      DlmsData.Composite last = (DlmsData.Composite) rows.get(rows.size() - 1);
      int energy = columns.indexOf(new CaptureObject(3, SimulatedMeter.IMPORT, 2, 0));
      RegisterScaling s = scaling(m.get(register(SimulatedMeter.IMPORT, 3)));
      assertThat(s.apply((DlmsData.Int) last.get(energy)).longValueExact())
          .as(make)
          .isEqualTo(m.importWh());
    }
  }

  private static AttributeRef register(ObisCode obis, int attribute) {
    return new AttributeRef(3, obis, attribute, Optional.empty());
  }

  private static RegisterScaling scaling(DlmsData d) {
    DlmsData.Composite s = (DlmsData.Composite) d;
    return new RegisterScaling(
        (int) ((DlmsData.Int) s.get(0)).value(),
        org.urja.protocol.model.CosemUnit.ofCode((int) ((DlmsData.Int) s.get(1)).value()));
  }
}
