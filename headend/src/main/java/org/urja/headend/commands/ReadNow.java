package org.urja.headend.commands;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.RegisterScaling;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.ProfileQueries;

/**
 * An on-demand read: the meter's clock, every register its model lists (value attribute, scaled)
 * and the relay state — what an operator asks for when a consumer calls about a reading.
 */
public final class ReadNow implements MeterCommand<ReadNow.Result> {
  /** The registers as readings at the meter's clock, and the relay. */
  public record Result(Instant meterTime, List<Reading> readings, RelayState relay) {}

  private final String serial;
  private final MeterModel model;

  public ReadNow(String serial, MeterModel model) {
    this.serial = serial;
    this.model = model;
  }

  @Override
  public String name() {
    return "read_now";
  }

  @Override
  public CompletableFuture<Result> execute(CosemClient meter) {
    CompletableFuture<Instant> clock =
        meter.get(AttributeRef.of(CosemObjects.CLOCK, 2)).thenApply(this::instant);
    List<ObisCode> registers = List.copyOf(model.registers().keySet());
    List<CompletableFuture<DlmsData>> values = new ArrayList<>();
    for (ObisCode obis : registers) {
      values.add(meter.get(new AttributeRef(3, obis, 2, java.util.Optional.empty())));
    }
    CompletableFuture<RelayState> relay = new ReadRelayState().execute(meter);
    return CompletableFuture.allOf(values.toArray(CompletableFuture[]::new))
        .thenCombine(
            clock,
            (ignored, at) -> {
              List<Reading> readings = new ArrayList<>();
              for (int i = 0; i < registers.size(); i++) {
                if (values.get(i).join() instanceof DlmsData.Int v) {
                  RegisterScaling s = model.scaling(registers.get(i));
                  readings.add(
                      new Reading(serial, registers.get(i), at, s.apply(v), s.unit().symbol()));
                }
              }
              return Map.entry(at, readings);
            })
        .thenCombine(relay, (r, state) -> new Result(r.getKey(), r.getValue(), state));
  }

  private Instant instant(DlmsData d) {
    try {
      return ProfileQueries.dateTime(d).toInstant(model.deviationSign(), model.timeZone());
    } catch (AxdrException e) {
      throw new IllegalStateException("meter clock is not usable: " + e.getMessage());
    }
  }
}
