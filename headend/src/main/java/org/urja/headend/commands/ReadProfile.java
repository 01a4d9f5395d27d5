package org.urja.headend.commands;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * since makes differ, then the buffer (attribute 2) with selective access by range; every register
 * column of every row becomes a reading, scaled by the meter model.
 */
public final class ReadProfile implements MeterCommand<List<Reading>> {
  private final String serial;
  private final CosemObject profile;
  private final Instant from;
  private final Instant to;
  private final MeterModel model;

  public ReadProfile(String serial, CosemObject profile, Instant from, Instant to, MeterModel model) {
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
    AttributeRef captureObjects = AttributeRef.of(profile, 3);
    AttributeRef buffer = AttributeRef.of(profile, 2)
        .withAccess(ProfileQueries.byRange(CosemObjects.CLOCK, from, to, model.timeZone(), model.deviationSign()));
    return meter.get(captureObjects).thenCompose(columns ->
        meter.get(buffer).thenApply(rows -> toReadings(ProfileBufferDecoder.rows(rows, columns))));
  }

  List<Reading> toReadings(List<ProfileRow> rows) {
    List<Reading> out = new ArrayList<>();
    for (ProfileRow row : rows) {
      Optional<Instant> at = row.capturedAt(model.deviationSign(), model.timeZone());
      if (at.isEmpty()) {
        continue;
      }
      for (int i = 0; i < row.columns().size(); i++) {
        CaptureObject c = row.columns().get(i);
        if ((c.classId() == 3 || c.classId() == 4) && c.attributeIndex() == 2 && row.values().get(i) instanceof DlmsData.Int v) {
          BigDecimal value = model.scaling(c.obis()).apply(v);
          out.add(new Reading(serial, c.obis(), at.get(), value, model.scaling(c.obis()).unit().symbol()));
        }
      }
    }
    return out;
  }
}
