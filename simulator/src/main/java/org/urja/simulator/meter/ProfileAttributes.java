package org.urja.simulator.meter;

import java.time.Instant;
import java.util.List;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.SelectiveAccess;
import org.urja.protocol.profile.CaptureObject;

/** The attributes of a simulated meter's block load profile (class 7), including range reads. */
final class ProfileAttributes {
  private ProfileAttributes() {}

  static DlmsData get(SimulatedMeter meter, AttributeRef ref) {
    BlockLoadProfile p = meter.profile();
    return switch (ref.attributeId()) {
      case 2 -> buffer(meter, ref);
      case 3 ->
          DlmsData.array(
              meter.model().captureObjects(ref.obis()).stream()
                  .map(CaptureObject::toData)
                  .toList());
      case 4 -> DlmsData.u32(meter.clock().capturePeriod().toSeconds());
      case 7 -> DlmsData.u32(p.size());
      case 8 -> DlmsData.u32(p.capacity());
      default ->
          throw new CosemAccessException(
              DataAccessResult.OBJECT_UNDEFINED, "profile has no attribute " + ref.attributeId());
    };
  }

  private static DlmsData buffer(SimulatedMeter meter, AttributeRef ref) {
    List<BlockLoadProfile.Row> rows;
    if (ref.access().isEmpty()) {
      rows = meter.profile().all();
    } else {
      SelectiveAccess sa = ref.access().get();
      if (sa.selector() != SelectiveAccess.BY_RANGE) {
        throw new CosemAccessException(
            DataAccessResult.OTHER_REASON, "only range access is supported");
      }
      Instant[] range = range(meter, sa.parameters());
      rows = meter.profile().range(range[0], range[1]);
    }
    return DlmsData.array(rows.stream().map(r -> row(meter, r)).toList());
  }

  /** range_descriptor: structure{restricting_object, from_value, to_value, selected_values}. */
  static Instant[] range(SimulatedMeter meter, DlmsData params) {
    if (!(params instanceof DlmsData.Composite c) || c.size() < 3) {
      throw new CosemAccessException(
          DataAccessResult.TYPE_UNMATCHED, "range descriptor must be a structure of 4");
    }
    return new Instant[] {instant(meter, c.get(1)), instant(meter, c.get(2))};
  }

  private static Instant instant(SimulatedMeter meter, DlmsData d) {
    if (d instanceof DlmsData.Octets o && o.length() == CosemDateTime.LENGTH) {
      try {
        return CosemDateTime.decode(o.value())
            .toInstant(meter.model().deviationSign(), meter.model().timeZone());
      } catch (AxdrException e) {
        throw new CosemAccessException(DataAccessResult.TYPE_UNMATCHED, e.getMessage());
      }
    }
    throw new CosemAccessException(
        DataAccessResult.TYPE_UNMATCHED, "range bounds must be date-times");
  }

  /** One buffer row in the order of the make's capture_objects, registers at the make's scalers. */
  private static DlmsData row(SimulatedMeter meter, BlockLoadProfile.Row r) {
    List<DlmsData> values = new java.util.ArrayList<>();
    for (CaptureObject o : meter.model().captureObjects(SimulatedMeter.BLOCK_LOAD)) {
      if (o.classId() == 8) {
        values.add(meter.dateTime(r.time()));
      } else {
        long raw =
            meter.raw(
                o.obis(),
                SimulatedMeter.physical(
                    o.obis(), 0, r.centiVolts(), r.milliAmps(), r.importWh(), r.apparentVAh()));
        values.add(
            o.obis().equals(SimulatedMeter.VOLTAGE) ? DlmsData.u16((int) raw) : DlmsData.u32(raw));
      }
    }
    return DlmsData.structure(values);
  }
}
