package org.urja.headend.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.model.CosemUnit;
import org.urja.protocol.model.LayoutObject;
import org.urja.protocol.model.MeterLayout;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.PushLayout;
import org.urja.protocol.model.RegisterScaling;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * Asks a meter what its object model really is: each push setup's push_object_list (the model's and
 * any the meter pushed from), then the scaler_unit of every register the model or those lists name,
 * and each profile's capture_objects. An object the meter refuses or does not have is left out (the
 * model's stands); a meter that does not answer fails the whole command.
 */
public final class LearnLayout implements MeterCommand<MeterLayout> {
  private final MeterModel model;
  private final Set<ObisCode> pushSetups;

  public LearnLayout(MeterModel model, Set<ObisCode> alsoPushSetups) {
    this.model = model;
    Set<ObisCode> setups = new LinkedHashSet<>();
    model.pushes().forEach(p -> setups.add(p.pushSetup()));
    setups.addAll(alsoPushSetups);
    this.pushSetups = Set.copyOf(setups);
  }

  @Override
  public String name() {
    return "learn_layout";
  }

  @Override
  public CompletableFuture<MeterLayout> execute(CosemClient meter) {
    Map<ObisCode, CompletableFuture<Optional<List<CaptureObject>>>> pushes = new LinkedHashMap<>();
    for (ObisCode setup : pushSetups) {
      pushes.put(setup, objects(meter, LayoutObject.PUSH_OBJECT_LIST, setup));
    }
    Map<ObisCode, CompletableFuture<Optional<List<CaptureObject>>>> profiles =
        new LinkedHashMap<>();
    for (ObisCode profile : model.profiles().keySet()) {
      profiles.put(profile, objects(meter, LayoutObject.CAPTURE_OBJECTS, profile));
    }
    List<CompletableFuture<?>> lists = new ArrayList<>(pushes.values());
    lists.addAll(profiles.values());
    return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
        .thenCompose(
            ignored -> {
              Map<ObisCode, List<CaptureObject>> saidPushes = said(pushes);
              Map<ObisCode, List<CaptureObject>> saidProfiles = said(profiles);
              Map<ObisCode, CompletableFuture<Optional<RegisterScaling>>> scalers =
                  new LinkedHashMap<>();
              for (ObisCode register : registers(saidPushes, saidProfiles)) {
                scalers.put(register, scaling(meter, register));
              }
              return CompletableFuture.allOf(scalers.values().toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        Map<ObisCode, RegisterScaling> saidScalers = new LinkedHashMap<>();
                        scalers.forEach(
                            (obis, f) -> f.join().ifPresent(s -> saidScalers.put(obis, s)));
                        return new MeterLayout(saidPushes, saidScalers, saidProfiles);
                      });
            });
  }

  /**
   * The registers whose scaler matters: the model's and every class 3/4 value the meter pushes or
   * captures.
   */
  private Set<ObisCode> registers(
      Map<ObisCode, List<CaptureObject>> pushes, Map<ObisCode, List<CaptureObject>> profiles) {
    Set<ObisCode> out = new LinkedHashSet<>(model.registers().keySet());
    List<CaptureObject> all = new ArrayList<>();
    model.pushes().stream().map(PushLayout::objects).forEach(all::addAll);
    pushes.values().forEach(all::addAll);
    profiles.values().forEach(all::addAll);
    for (CaptureObject o : all) {
      if (o.classId() == 3 || o.classId() == 4) {
        out.add(o.obis());
      }
    }
    return out;
  }

  private static CompletableFuture<Optional<List<CaptureObject>>> objects(
      CosemClient meter, LayoutObject what, ObisCode obis) {
    return absentIfRefused(
        meter
            .get(new AttributeRef(what.classId(), obis, what.attribute(), Optional.empty()))
            .thenApply(d -> Optional.of(CaptureObject.listFrom(d))));
  }

  private static CompletableFuture<Optional<RegisterScaling>> scaling(
      CosemClient meter, ObisCode register) {
    LayoutObject what = LayoutObject.SCALER_UNIT;
    return absentIfRefused(
        meter
            .get(new AttributeRef(what.classId(), register, what.attribute(), Optional.empty()))
            .thenApply(LearnLayout::scalerUnit));
  }

  /** scaler_unit: structure{scaler integer, unit enum}. */
  static Optional<RegisterScaling> scalerUnit(DlmsData d) {
    if (d instanceof DlmsData.Composite s
        && s.size() == 2
        && s.get(0) instanceof DlmsData.Int scaler
        && s.get(1) instanceof DlmsData.Int unit) {
      return Optional.of(
          new RegisterScaling((int) scaler.value(), CosemUnit.ofCode((int) unit.value())));
    }
    throw new IllegalStateException(
        "scaler_unit should be structure{integer, enum}, meter sent " + d);
  }

  /**
   * A refusal (undefined object, access denied) means "the model's value stands", not a failed
   * lesson.
   */
  private static <T> CompletableFuture<Optional<T>> absentIfRefused(
      CompletableFuture<Optional<T>> f) {
    return f.exceptionallyCompose(
        err ->
            CommandRunner.unwrap(err) instanceof CosemAccessException
                ? CompletableFuture.completedFuture(Optional.empty())
                : CompletableFuture.failedFuture(err));
  }

  private static Map<ObisCode, List<CaptureObject>> said(
      Map<ObisCode, CompletableFuture<Optional<List<CaptureObject>>>> m) {
    Map<ObisCode, List<CaptureObject>> out = new LinkedHashMap<>();
    m.forEach((obis, f) -> f.join().ifPresent(list -> out.put(obis, list)));
    return out;
  }
}
