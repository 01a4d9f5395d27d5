package org.urja.headend.commands;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.profile.CaptureObject;
import org.urja.protocol.profile.ProfileBufferDecoder;
import org.urja.protocol.profile.ProfileQueries;
import org.urja.protocol.profile.ProfileRow;

/**
 * Reads a profile (block load by default) for a time range: capture objects (attribute 3) first,
 * since makes differ, and the capture period (attribute 4), then the buffer (attribute 2) with
 * selective access by range. Every register column of every row becomes a reading, scaled by the
 * meter model; every event-code column (0.0.96.11.x.255) of an event log becomes an event. Rows
 * whose clock column the meter left null get the previous row's time plus the capture period.
 */
public final class ReadProfile implements MeterCommand<List<Reading>> {
  /**
   * What a profile read found: readings, events, how many rows, and the capture period the meter
   * reported.
   */
  public record Captured(
      List<Reading> readings, List<MeterEvent> events, int rows, Duration capturePeriod) {
    public Captured {
      readings = List.copyOf(readings);
      events = List.copyOf(events);
    }
  }

  /** The event-code objects of IS 15959 event logs: 0.0.96.11.0–6.255. */
  private static boolean isEventCode(CaptureObject c) {
    var o = c.obis();
    return c.classId() == 1
        && c.attributeIndex() == 2
        && o.a() == 0
        && o.b() == 0
        && o.c() == 96
        && o.d() == 11;
  }

  private final String serial;
  private final CosemObject profile;
  private final Instant from;
  private final Instant to;
  private final MeterModel model;

  public ReadProfile(
      String serial, CosemObject profile, Instant from, Instant to, MeterModel model) {
    this.serial = serial;
    this.profile = profile;
    this.from = from;
    this.to = to;
    this.model = model;
  }

  public static ReadProfile blockLoad(String serial, Instant from, Instant to, MeterModel model) {
    return new ReadProfile(serial, CosemObjects.BLOCK_LOAD_PROFILE, from, to, model);
  }

  @Override
  public String name() {
    return "read_profile";
  }

  @Override
  public CompletableFuture<List<Reading>> execute(CosemClient meter) {
    return capture(meter).thenApply(Captured::readings);
  }

  /** The whole read: readings, events and the meter's capture period. */
  public CompletableFuture<Captured> capture(CosemClient meter) {
    AttributeRef captureObjects = AttributeRef.of(profile, 3);
    AttributeRef period = AttributeRef.of(profile, 4);
    AttributeRef buffer =
        AttributeRef.of(profile, 2)
            .withAccess(
                ProfileQueries.byRange(
                    CosemObjects.CLOCK, from, to, model.timeZone(), model.deviationSign()));
    return meter
        .get(captureObjects)
        .thenCompose(
            columns ->
                meter
                    .get(period)
                    .thenApply(
                        p ->
                            p instanceof DlmsData.Int i
                                ? Duration.ofSeconds(i.value())
                                : Duration.ZERO)
                    // a meter without the attribute still has a buffer worth reading
                    .exceptionally(e -> Duration.ZERO)
                    .thenCompose(
                        capturePeriod ->
                            meter
                                .get(buffer)
                                .thenApply(
                                    rows ->
                                        captured(
                                            ProfileBufferDecoder.rows(rows, columns),
                                            capturePeriod))));
  }

  List<Reading> toReadings(List<ProfileRow> rows) {
    return captured(rows, Duration.ZERO).readings();
  }

  private Captured captured(List<ProfileRow> rows, Duration capturePeriod) {
    List<Reading> readings = new ArrayList<>();
    List<MeterEvent> events = new ArrayList<>();
    List<Instant> times = captureTimes(rows, capturePeriod);
    for (int r = 0; r < rows.size(); r++) {
      Instant at = times.get(r);
      if (at == null) {
        continue;
      }
      ProfileRow row = rows.get(r);
      for (int i = 0; i < row.columns().size(); i++) {
        CaptureObject c = row.columns().get(i);
        if (!(row.values().get(i) instanceof DlmsData.Int v)) {
          continue;
        }
        if ((c.classId() == 3 || c.classId() == 4) && c.attributeIndex() == 2) {
          BigDecimal value = model.scaling(c.obis()).apply(v);
          readings.add(
              new Reading(serial, c.obis(), at, value, model.scaling(c.obis()).unit().symbol()));
        } else if (isEventCode(c)) {
          events.add(new MeterEvent(serial, (int) v.value(), at, "event_log:" + profile.obis()));
        }
      }
    }
    return new Captured(readings, events, rows.size(), capturePeriod);
  }

  /** Capture times per row; null where a row has no time and none can be derived. */
  private List<Instant> captureTimes(List<ProfileRow> rows, Duration capturePeriod) {
    List<Instant> out = new ArrayList<>(rows.size());
    Instant previous = null;
    for (ProfileRow row : rows) {
      var t = row.capturedAt(model.deviationSign(), model.timeZone());
      if (t.isPresent()) {
        previous = t.get();
      } else if (previous != null && !capturePeriod.isZero()) {
        previous = previous.plus(capturePeriod);
      } else {
        previous = null;
      }
      out.add(previous);
    }
    return out;
  }
}
