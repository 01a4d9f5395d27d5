package org.urja.protocol.profile;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.axdr.DataType;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.cosem.SelectiveAccess;

/**
 * Selective access to a profile generic buffer (class 7, attribute 2). By range (selector 1):
 * structure{restricting_object, from_value, to_value, selected_values}; the restricting object is
 * the clock's time attribute, and the bounds are date-times written as the meter writes its own.
 */
public final class ProfileQueries {
  private ProfileQueries() {}

  /** Rows whose clock column lies in [from, to]; every column (empty selected_values). */
  public static SelectiveAccess byRange(
      CosemObject clock, Instant from, Instant to, ZoneId zone, DeviationSign sign) {
    DlmsData params =
        DlmsData.structure(
            new CaptureObject(clock.classId(), clock.obis(), 2, 0).toData(),
            DlmsData.octets(CosemDateTime.of(from, zone, sign).encode()),
            DlmsData.octets(CosemDateTime.of(to, zone, sign).encode()),
            DlmsData.array(List.of()));
    return new SelectiveAccess(SelectiveAccess.BY_RANGE, params);
  }

  /** Entries {@code fromEntry..toEntry} (1-based, inclusive), every column (selector 2). */
  public static SelectiveAccess byEntry(long fromEntry, long toEntry) {
    return new SelectiveAccess(
        SelectiveAccess.BY_ENTRY,
        DlmsData.structure(
            DlmsData.u32(fromEntry), DlmsData.u32(toEntry), DlmsData.u16(1), DlmsData.u16(0)));
  }

  /** The server's view of a by-range access: what a meter model filters its buffer with. */
  public record Range(
      CaptureObject restrictingObject,
      DlmsData fromValue,
      DlmsData toValue,
      List<CaptureObject> selectedValues) {

    /** The bounds as instants, when the restricting object is a clock. */
    public Instant from(DeviationSign sign, ZoneId fallbackZone) {
      return dateTime(fromValue).toInstant(sign, fallbackZone);
    }

    public Instant to(DeviationSign sign, ZoneId fallbackZone) {
      return dateTime(toValue).toInstant(sign, fallbackZone);
    }
  }

  public static Range parseRange(SelectiveAccess access) {
    if (access.selector() != SelectiveAccess.BY_RANGE) {
      throw new AxdrException("access selector " + access.selector() + " is not by range");
    }
    if (!(access.parameters() instanceof DlmsData.Composite s)
        || s.type() != DataType.STRUCTURE
        || s.size() != 4) {
      throw new AxdrException("range_descriptor is a structure of four elements");
    }
    return new Range(
        CaptureObject.fromData(s.get(0)), s.get(1), s.get(2), CaptureObject.listFrom(s.get(3)));
  }

  /** A date-time carried as an octet-string (the clock's type) or as the date-time Data type. */
  public static CosemDateTime dateTime(DlmsData d) {
    byte[] b = CaptureObject.octets(d, "date-time");
    return CosemDateTime.decode(b);
  }
}
