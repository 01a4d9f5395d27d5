package org.urja.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

class MeterLayoutTest {
  static final ObisCode INSTANT = ObisCode.parse("0.0.25.9.0.255");
  static final ObisCode IMPORT = ObisCode.parse("1.0.1.8.0.255");
  static final ObisCode VOLTAGE = ObisCode.parse("1.0.32.7.0.255");
  static final ObisCode BLOCK_LOAD = ObisCode.parse("1.0.99.1.0.255");
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();

  @Test
  void whatTheMeterSaysReplacesTheModelsLayoutAndScalersAndKeepsTheRest() {
    List<CaptureObject> pushed =
        List.of(new CaptureObject(40, INSTANT, 1, 0), new CaptureObject(3, IMPORT, 2, 0));
    MeterLayout said =
        new MeterLayout(
            Map.of(INSTANT, pushed),
            Map.of(IMPORT, new RegisterScaling(-1, CosemUnit.WATT_HOUR)),
            Map.of());

    MeterModel effective = said.overlay(model);

    assertThat(effective.pushLayout(INSTANT).orElseThrow().objects()).isEqualTo(pushed);
    assertThat(effective.pushLayout(INSTANT).orElseThrow().name()).isEqualTo("instant");
    assertThat(effective.scaling(IMPORT).scaler()).isEqualTo(-1);
    assertThat(effective.scaling(VOLTAGE)).isEqualTo(model.scaling(VOLTAGE));
    assertThat(effective.captureObjects(BLOCK_LOAD)).isEqualTo(model.captureObjects(BLOCK_LOAD));
    assertThat(effective.pushLayout("alert")).isEqualTo(model.pushLayout("alert"));
  }

  @Test
  void aPushSetupTheModelLacksBecomesALayoutNamedByItsLogicalName() {
    ObisCode other = ObisCode.parse("0.1.25.9.0.255");
    MeterLayout said =
        new MeterLayout(
            Map.of(other, List.of(new CaptureObject(40, other, 1, 0))), Map.of(), Map.of());

    assertThat(said.overlay(model).pushLayout(other).orElseThrow().name())
        .isEqualTo("0.1.25.9.0.255");
    assertThat(said.differences(model))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.what()).isEqualTo(LayoutObject.PUSH_OBJECT_LIST);
              assertThat(d.modelValue()).isNull();
            });
  }

  @Test
  void onlyObjectsThatDisagreeAreDifferencesWithBothValuesInModelFileForm() {
    MeterLayout said =
        new MeterLayout(
            Map.of(INSTANT, model.pushLayout(INSTANT).orElseThrow().objects()),
            Map.of(
                IMPORT,
                new RegisterScaling(-1, CosemUnit.WATT_HOUR),
                VOLTAGE,
                model.scaling(VOLTAGE)),
            Map.of(BLOCK_LOAD, model.captureObjects(BLOCK_LOAD)));

    assertThat(said.differences(model))
        .containsExactly(
            new LayoutDifference(
                LayoutObject.SCALER_UNIT,
                IMPORT,
                "{\"scaler\":0,\"unit\":\"Wh\"}",
                "{\"scaler\":-1,\"unit\":\"Wh\"}"));
  }

  @Test
  void learnedValuesReadBackAsTheyWereWritten() {
    List<CaptureObject> objects = model.captureObjects(BLOCK_LOAD);
    assertThat(LayoutJson.parseObjects(LayoutJson.objects(objects))).isEqualTo(objects);
    RegisterScaling s = new RegisterScaling(-2, CosemUnit.VOLT);
    assertThat(LayoutJson.parseScaling(LayoutJson.scaling(s))).isEqualTo(s);
  }

  @Test
  void theBundledMakesDifferInPushOrderAndScalers() {
    MeterModelCatalog catalog = MeterModelCatalog.bundled();
    MeterModel b = catalog.get("urja-sim-1ph-b");
    assertThat(catalog.names()).containsExactly("urja-sim-1ph", "urja-sim-1ph-b");
    assertThat(b.scaling(IMPORT).scaler()).isEqualTo(-1);
    assertThat(b.pushLayout(INSTANT).orElseThrow().objects())
        .isNotEqualTo(model.pushLayout(INSTANT).orElseThrow().objects());
    MeterLayout bSaysOfItself =
        new MeterLayout(
            Map.of(INSTANT, b.pushLayout(INSTANT).orElseThrow().objects()),
            b.registers(),
            b.profiles());
    assertThat(bSaysOfItself.overlay(model).pushLayout(INSTANT)).isEqualTo(b.pushLayout(INSTANT));
    assertThat(bSaysOfItself.overlay(model).registers()).isEqualTo(b.registers());
  }
}
