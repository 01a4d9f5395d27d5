package org.urja.simulator.meter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.SelectiveAccess;
import org.urja.protocol.profile.CaptureObject;

/**
 * The attributes of a simulated meter's daily load, billing and event-log profiles (class 7): the
 * capture objects come from the meter model, the buffer answers range reads like the block load's.
 * Registers are double-long-unsigned, event codes long-unsigned, as IS 15959 meters send them.
 */
final class LoggedProfileAttributes {
  private LoggedProfileAttributes() {}

  static DlmsData get(SimulatedMeter meter, LoggedProfile profile, AttributeRef ref) {
    List<CaptureObject> columns = meter.model().captureObjects(ref.obis());
    return switch (ref.attributeId()) {
      case 2 -> buffer(meter, profile, columns, ref);
      case 3 -> DlmsData.array(columns.stream().map(CaptureObject::toData).toList());
      case 4 ->
          DlmsData.u32(
              0); // captured on events (midnight, billing date, an event), not periodically
      case 7 -> DlmsData.u32(profile.size());
      case 8 -> DlmsData.u32(profile.capacity());
      default ->
          throw new CosemAccessException(
              DataAccessResult.OBJECT_UNDEFINED, "profile has no attribute " + ref.attributeId());
    };
  }

  private static DlmsData buffer(
      SimulatedMeter meter, LoggedProfile profile, List<CaptureObject> columns, AttributeRef ref) {
    List<LoggedProfile.Row> rows;
    if (ref.access().isEmpty()) {
      rows = profile.range(Instant.MIN, Instant.MAX);
    } else {
      SelectiveAccess sa = ref.access().get();
      if (sa.selector() != SelectiveAccess.BY_RANGE) {
        throw new CosemAccessException(
            DataAccessResult.OTHER_REASON, "only range access is supported");
      }
      Instant[] range = ProfileAttributes.range(meter, sa.parameters());
      rows = profile.range(range[0], range[1]);
    }
    List<DlmsData> out = new ArrayList<>(rows.size());
    for (LoggedProfile.Row r : rows) {
      List<DlmsData> values = new ArrayList<>(columns.size());
      int v = 0;
      for (CaptureObject c : columns) {
        if (c.classId() == 8) {
          values.add(meter.dateTime(r.time()));
        } else {
          long x = v < r.values().length ? r.values()[v] : 0;
          v++;
          values.add(c.classId() == 1 ? DlmsData.u16((int) x) : DlmsData.u32(x));
        }
      }
      out.add(DlmsData.structure(values));
    }
    return DlmsData.array(out);
  }
}
