package org.urja.protocol.server;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.CosemObject;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.cosem.SelectiveAccess;
import org.urja.protocol.profile.CaptureObject;
import org.urja.protocol.profile.ProfileQueries;

/**
 * A small meter for protocol tests: clock, cumulative energy register (Wh, scaler 0), a block load
 * profile of {@link #ROWS} quarter-hour rows and a disconnect control in mode 4.
 */
public class TestMeter implements CosemObjectModel {
  public static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  public static final DeviationSign SIGN = DeviationSign.STANDARD;
  public static final Instant FIRST_ROW = Instant.parse("2026-11-01T00:00:00Z");
  public static final int ROWS = 8;
  public static final long ENERGY_WH = 123_456;
  public static final List<CaptureObject> PROFILE_COLUMNS =
      List.of(
          CaptureObject.of(CosemObjects.CLOCK, 2),
          CaptureObject.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));

  private boolean outputState = true;
  private int controlState = 1;
  private int controlMode = 4;

  /** Energy at row i, for tests to compare against. */
  public static long energyAt(int row) {
    return ENERGY_WH - (ROWS - row) * 250L;
  }

  public static Instant rowTime(int row) {
    return FIRST_ROW.plus(Duration.ofMinutes(15L * row));
  }

  @Override
  public DlmsData get(AttributeRef ref) {
    CosemObject o = find(ref.obis().toString(), ref.classId());
    if (o == CosemObjects.CLOCK && ref.attributeId() == 2) {
      return DlmsData.octets(CosemDateTime.of(rowTime(ROWS), IST, SIGN).encode());
    }
    if (o == CosemObjects.ACTIVE_ENERGY_IMPORT && ref.attributeId() == 2) {
      return DlmsData.u32(ENERGY_WH);
    }
    if (o == CosemObjects.ACTIVE_ENERGY_IMPORT && ref.attributeId() == 3) {
      return DlmsData.structure(DlmsData.i8(0), DlmsData.enumOf(30));
    }
    if (o == CosemObjects.BLOCK_LOAD_PROFILE && ref.attributeId() == 2) {
      return buffer(ref.access());
    }
    if (o == CosemObjects.BLOCK_LOAD_PROFILE && ref.attributeId() == 3) {
      return CaptureObject.listToData(PROFILE_COLUMNS);
    }
    if (o == CosemObjects.DISCONNECT_CONTROL) {
      switch (ref.attributeId()) {
        case 2:
          return DlmsData.bool(outputState);
        case 3:
          return DlmsData.enumOf(controlState);
        case 4:
          return DlmsData.enumOf(controlMode);
        default:
          break;
      }
    }
    throw new CosemAccessException(DataAccessResult.OBJECT_UNAVAILABLE, "no attribute " + ref);
  }

  private DlmsData buffer(Optional<SelectiveAccess> access) {
    Instant from = Instant.MIN;
    Instant to = Instant.MAX;
    if (access.isPresent()) {
      ProfileQueries.Range range = ProfileQueries.parseRange(access.get());
      from = range.from(SIGN, IST);
      to = range.to(SIGN, IST);
    }
    List<DlmsData> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Instant t = rowTime(i);
      if (!t.isBefore(from) && !t.isAfter(to)) {
        rows.add(
            DlmsData.structure(
                DlmsData.octets(CosemDateTime.of(t, IST, SIGN).encode()),
                DlmsData.u32(energyAt(i))));
      }
    }
    return DlmsData.array(rows);
  }

  @Override
  public void set(AttributeRef ref, DlmsData value) {
    CosemObject o = find(ref.obis().toString(), ref.classId());
    if (o == CosemObjects.DISCONNECT_CONTROL
        && ref.attributeId() == 4
        && value instanceof DlmsData.Int i) {
      controlMode = (int) i.value();
      return;
    }
    throw new CosemAccessException(DataAccessResult.READ_WRITE_DENIED, "read-only " + ref);
  }

  @Override
  public Optional<DlmsData> action(MethodRef ref, DlmsData parameters) {
    CosemObject o = find(ref.obis().toString(), ref.classId());
    if (o == CosemObjects.DISCONNECT_CONTROL && ref.methodId() == 1) {
      outputState = false;
      controlState = 0;
      return Optional.empty();
    }
    if (o == CosemObjects.DISCONNECT_CONTROL && ref.methodId() == 2) {
      boolean direct = controlMode == 2 || controlMode == 4;
      outputState = direct;
      controlState = direct ? 1 : 2;
      return Optional.empty();
    }
    throw new CosemAccessException(ActionResult.OBJECT_UNAVAILABLE, "no method " + ref);
  }

  private static CosemObject find(String obis, int classId) {
    for (CosemObject o :
        List.of(
            CosemObjects.CLOCK,
            CosemObjects.ACTIVE_ENERGY_IMPORT,
            CosemObjects.BLOCK_LOAD_PROFILE,
            CosemObjects.DISCONNECT_CONTROL)) {
      if (o.obis().toString().equals(obis)) {
        if (o.classId() != classId) {
          throw new CosemAccessException(
              DataAccessResult.OBJECT_CLASS_INCONSISTENT, obis + " is class " + o.classId());
        }
        return o;
      }
    }
    throw new CosemAccessException(
        DataAccessResult.OBJECT_UNDEFINED, obis + " is not in this meter");
  }
}
