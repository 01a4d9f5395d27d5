package org.urja.protocol.model;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * A meter make/model's object model as data: its push layouts, register scalers, profile capture
 * objects and clock conventions. Vendors differ in these details; the differences live in JSON
 * files under {@code meter-models/}, not in code.
 */
public record MeterModel(
    String name,
    String description,
    DeviationSign deviationSign,
    ZoneId timeZone,
    Map<ObisCode, RegisterScaling> registers,
    List<PushLayout> pushes,
    Map<ObisCode, List<CaptureObject>> profiles,
    ModelAssociations associations) {

  public MeterModel {
    registers = Map.copyOf(registers);
    pushes = List.copyOf(pushes);
    profiles = Map.copyOf(profiles);
  }

  /** A model that declares no associations has the IS 15959 ones. */
  public MeterModel(
      String name,
      String description,
      DeviationSign deviationSign,
      ZoneId timeZone,
      Map<ObisCode, RegisterScaling> registers,
      List<PushLayout> pushes,
      Map<ObisCode, List<CaptureObject>> profiles) {
    this(
        name,
        description,
        deviationSign,
        timeZone,
        registers,
        pushes,
        profiles,
        ModelAssociations.is15959());
  }

  public RegisterScaling scaling(ObisCode obis) {
    return registers.getOrDefault(obis, RegisterScaling.UNSCALED);
  }

  public Optional<PushLayout> pushLayout(ObisCode pushSetup) {
    return pushes.stream().filter(p -> p.pushSetup().equals(pushSetup)).findFirst();
  }

  public Optional<PushLayout> pushLayout(String name) {
    return pushes.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public List<CaptureObject> captureObjects(ObisCode profile) {
    List<CaptureObject> c = profiles.get(profile);
    if (c == null) {
      throw new IllegalArgumentException("meter model " + name + " has no profile " + profile);
    }
    return c;
  }
}
