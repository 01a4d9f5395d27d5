package org.urja.protocol.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.axdr.DataType;
import org.urja.protocol.axdr.DlmsData;

/**
 * Turns a profile generic buffer (attribute 2: an array of structures) and its capture objects
 * (attribute 3) into rows. With selected_values in the query the meter returns only those columns;
 * pass the same subset as {@code columns}.
 */
public final class ProfileBufferDecoder {
  private ProfileBufferDecoder() {}

  public static List<ProfileRow> rows(DlmsData buffer, DlmsData captureObjectsAttribute) {
    return rows(buffer, CaptureObject.listFrom(captureObjectsAttribute));
  }

  public static List<ProfileRow> rows(DlmsData buffer, List<CaptureObject> columns) {
    if (!(buffer instanceof DlmsData.Composite a) || a.type() != DataType.ARRAY) {
      throw new AxdrException("a profile buffer is an array, got " + buffer);
    }
    List<ProfileRow> rows = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof DlmsData.Composite entry) || entry.type() != DataType.STRUCTURE) {
        throw new AxdrException("profile entry " + i + " is not a structure");
      }
      if (entry.size() != columns.size()) {
        throw new AxdrException(
            "profile entry "
                + i
                + " has "
                + entry.size()
                + " values for "
                + columns.size()
                + " capture objects");
      }
      rows.add(new ProfileRow(columns, entry.items()));
    }
    return rows;
  }

  /**
   * The capture time of every row. Meters may leave the clock column null-data when it is the
   * previous row's time plus the capture period (attribute 4); such rows get that time. A null
   * before any real time stamp cannot be placed and is an error.
   */
  public static List<Instant> captureTimes(
      List<ProfileRow> rows, Duration capturePeriod, DeviationSign sign, ZoneId fallbackZone) {
    List<Instant> out = new ArrayList<>(rows.size());
    Instant previous = null;
    for (int i = 0; i < rows.size(); i++) {
      Optional<Instant> t = rows.get(i).capturedAt(sign, fallbackZone);
      if (t.isPresent()) {
        previous = t.get();
      } else if (previous != null && !capturePeriod.isZero()) {
        previous = previous.plus(capturePeriod);
      } else {
        throw new AxdrException(
            "profile entry " + i + " has no capture time and none to derive it from");
      }
      out.add(previous);
    }
    return out;
  }
}
