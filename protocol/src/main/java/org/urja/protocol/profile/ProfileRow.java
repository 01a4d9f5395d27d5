package org.urja.protocol.profile;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.obis.ObisCode;

/** One entry of a profile buffer, its values in the order of the capture objects. */
public record ProfileRow(List<CaptureObject> columns, List<DlmsData> values) {
  public ProfileRow {
    columns = List.copyOf(columns);
    values = List.copyOf(values);
    if (columns.size() != values.size()) {
      throw new IllegalArgumentException(
          values.size() + " values for " + columns.size() + " capture objects");
    }
  }

  public Optional<DlmsData> value(CaptureObject column) {
    int i = columns.indexOf(column);
    return i < 0 ? Optional.empty() : Optional.of(values.get(i));
  }

  /** The value of the first column capturing {@code attributeIndex} of the object {@code obis}. */
  public Optional<DlmsData> value(ObisCode obis, int attributeIndex) {
    for (int i = 0; i < columns.size(); i++) {
      CaptureObject c = columns.get(i);
      if (c.obis().equals(obis) && c.attributeIndex() == attributeIndex) {
        return Optional.of(values.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * The capture time, from the column of a clock (class 8) time attribute. Empty when the profile
   * has no clock column or the meter left the value null (some compress regular time stamps).
   */
  public Optional<Instant> capturedAt(DeviationSign sign, ZoneId fallbackZone) {
    for (int i = 0; i < columns.size(); i++) {
      CaptureObject c = columns.get(i);
      if (c.classId() == 8 && c.attributeIndex() == 2 && values.get(i) instanceof DlmsData.Octets) {
        return Optional.of(ProfileQueries.dateTime(values.get(i)).toInstant(sign, fallbackZone));
      }
    }
    return Optional.empty();
  }
}
