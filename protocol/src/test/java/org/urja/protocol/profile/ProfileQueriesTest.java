package org.urja.protocol.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.SelectiveAccess;

class ProfileQueriesTest {
  static final ZoneId IST = ZoneId.of("Asia/Kolkata");

  @Test
  void aRangeQueryRestrictsOnTheClockTimeWithMeterLocalDateTimes() {
    Instant from = Instant.parse("2026-11-01T18:30:00Z"); // 2026-11-02 00:00 IST, a Monday
    Instant to = Instant.parse("2026-11-02T18:29:59Z");
    SelectiveAccess sa =
        ProfileQueries.byRange(CosemObjects.CLOCK, from, to, IST, DeviationSign.INVERTED);

    assertThat(sa.selector()).isEqualTo(1);
    String hex = HexFormat.of().withUpperCase().formatHex(DataCodec.encode(sa.parameters()));
    // structure of 4: restricting object {8, 0.0.1.0.0.255, 2, 0}, from, to, empty array
    assertThat(hex)
        .startsWith(
            "0204"
                + "0204"
                + "120008"
                + "09060000010000FF"
                + "0F02"
                + "120000"
                + "090C"
                + "07EA0B0201000000"
                + "00"
                + "014A"
                + "00");
    assertThat(hex).endsWith("0100");

    ProfileQueries.Range range = ProfileQueries.parseRange(sa);
    assertThat(range.restrictingObject()).isEqualTo(CaptureObject.of(CosemObjects.CLOCK, 2));
    assertThat(range.from(DeviationSign.INVERTED, IST)).isEqualTo(from);
    assertThat(range.to(DeviationSign.INVERTED, IST)).isEqualTo(to);
    assertThat(range.selectedValues()).isEmpty();
  }

  @Test
  void aByEntryQueryIsSelectorTwo() {
    SelectiveAccess sa = ProfileQueries.byEntry(1, 96);
    assertThat(sa.selector()).isEqualTo(SelectiveAccess.BY_ENTRY);
    assertThatThrownBy(() -> ProfileQueries.parseRange(sa)).isInstanceOf(AxdrException.class);
  }

  @Test
  void captureObjectsAndRowsDecodeTogether() {
    List<CaptureObject> columns =
        List.of(
            CaptureObject.of(CosemObjects.CLOCK, 2),
            CaptureObject.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    DlmsData attribute3 = CaptureObject.listToData(columns);
    DlmsData buffer =
        DlmsData.array(
            List.of(
                DlmsData.structure(DlmsData.Null.INSTANCE, DlmsData.u32(10)),
                DlmsData.structure(DlmsData.Null.INSTANCE, DlmsData.u32(20))));

    List<ProfileRow> rows = ProfileBufferDecoder.rows(buffer, attribute3);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).value(columns.get(1))).contains(DlmsData.u32(20));
    assertThat(rows.get(0).capturedAt(DeviationSign.STANDARD, IST))
        .as("null clock values are left to the caller")
        .isEmpty();
  }

  @Test
  void rowsWithANullClockArePlacedOneCapturePeriodAfterThePreviousRow() {
    List<CaptureObject> columns =
        List.of(
            CaptureObject.of(CosemObjects.CLOCK, 2),
            CaptureObject.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2));
    Instant first = Instant.parse("2026-11-01T18:30:00Z");
    DlmsData stamp = DlmsData.octets(CosemDateTime.of(first, IST, DeviationSign.STANDARD).encode());
    DlmsData buffer =
        DlmsData.array(
            List.of(
                DlmsData.structure(stamp, DlmsData.u32(10)),
                DlmsData.structure(DlmsData.Null.INSTANCE, DlmsData.u32(20)),
                DlmsData.structure(DlmsData.Null.INSTANCE, DlmsData.u32(30))));

    List<Instant> times =
        ProfileBufferDecoder.captureTimes(
            ProfileBufferDecoder.rows(buffer, columns),
            Duration.ofMinutes(15),
            DeviationSign.STANDARD,
            IST);
    assertThat(times).containsExactly(first, first.plusSeconds(900), first.plusSeconds(1800));
  }

  @Test
  void aRowThatDoesNotMatchTheCaptureObjectsIsAnErrorNotAGuess() {
    DlmsData buffer = DlmsData.array(List.of(DlmsData.structure(DlmsData.u32(1))));
    assertThatThrownBy(
            () ->
                ProfileBufferDecoder.rows(
                    buffer,
                    List.of(
                        CaptureObject.of(CosemObjects.CLOCK, 2),
                        CaptureObject.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("1 values for 2 capture objects");
  }
}
