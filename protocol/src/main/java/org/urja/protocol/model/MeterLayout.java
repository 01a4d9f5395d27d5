package org.urja.protocol.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * What one meter said about itself when asked: its push setups' push_object_list (class 40
 * attribute 2), its registers' scaler_unit (class 3 attribute 3) and its profiles' capture_objects
 * (class 7 attribute 3). Objects the meter was not asked about, or does not have, are absent.
 *
 * <p>Invariant: where this layout and a model disagree, the meter wins — {@link #overlay} takes
 * every object it holds in place of the model's.
 */
public record MeterLayout(
    Map<ObisCode, List<CaptureObject>> pushes,
    Map<ObisCode, RegisterScaling> registers,
    Map<ObisCode, List<CaptureObject>> profiles) {

  public static final MeterLayout NONE = new MeterLayout(Map.of(), Map.of(), Map.of());

  public MeterLayout {
    pushes = copy(pushes);
    registers = Map.copyOf(registers);
    profiles = copy(profiles);
  }

  public boolean isEmpty() {
    return pushes.isEmpty() && registers.isEmpty() && profiles.isEmpty();
  }

  /**
   * {@code model} as this meter really is: its push layouts, scalers and capture objects replaced
   * by what the meter said. A push setup the model does not know becomes a layout named by its
   * logical name. The result keeps the model's name, clock conventions and everything not learned.
   */
  public MeterModel overlay(MeterModel model) {
    if (isEmpty()) {
      return model;
    }
    List<PushLayout> mergedPushes = new ArrayList<>();
    for (PushLayout p : model.pushes()) {
      List<CaptureObject> said = pushes.get(p.pushSetup());
      mergedPushes.add(said == null ? p : new PushLayout(p.name(), p.pushSetup(), said));
    }
    pushes.forEach(
        (setup, objects) -> {
          if (model.pushLayout(setup).isEmpty()) {
            mergedPushes.add(new PushLayout(setup.toString(), setup, objects));
          }
        });
    Map<ObisCode, RegisterScaling> mergedRegisters = new LinkedHashMap<>(model.registers());
    mergedRegisters.putAll(registers);
    Map<ObisCode, List<CaptureObject>> mergedProfiles = new LinkedHashMap<>(model.profiles());
    mergedProfiles.putAll(profiles);
    return new MeterModel(
        model.name(),
        model.description(),
        model.deviationSign(),
        model.timeZone(),
        mergedRegisters,
        mergedPushes,
        mergedProfiles);
  }

  /**
   * Every object whose value here differs from {@code model}'s, including objects the model lacks.
   */
  public List<LayoutDifference> differences(MeterModel model) {
    List<LayoutDifference> out = new ArrayList<>();
    pushes.forEach(
        (setup, objects) -> {
          List<CaptureObject> modelSays =
              model.pushLayout(setup).map(PushLayout::objects).orElse(null);
          if (!objects.equals(modelSays)) {
            out.add(
                new LayoutDifference(
                    LayoutObject.PUSH_OBJECT_LIST,
                    setup,
                    modelSays == null ? null : LayoutJson.objects(modelSays),
                    LayoutJson.objects(objects)));
          }
        });
    registers.forEach(
        (obis, scaling) -> {
          RegisterScaling modelSays = model.registers().get(obis);
          if (!sameScaling(scaling, modelSays)) {
            out.add(
                new LayoutDifference(
                    LayoutObject.SCALER_UNIT,
                    obis,
                    modelSays == null ? null : LayoutJson.scaling(modelSays),
                    LayoutJson.scaling(scaling)));
          }
        });
    profiles.forEach(
        (obis, objects) -> {
          List<CaptureObject> modelSays = model.profiles().get(obis);
          if (!objects.equals(modelSays)) {
            out.add(
                new LayoutDifference(
                    LayoutObject.CAPTURE_OBJECTS,
                    obis,
                    modelSays == null ? null : LayoutJson.objects(modelSays),
                    LayoutJson.objects(objects)));
          }
        });
    return out;
  }

  private static boolean sameScaling(RegisterScaling a, RegisterScaling b) {
    return b != null && a.scaler() == b.scaler() && Objects.equals(a.unit(), b.unit());
  }

  private static Map<ObisCode, List<CaptureObject>> copy(Map<ObisCode, List<CaptureObject>> m) {
    Map<ObisCode, List<CaptureObject>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
