package org.urja.protocol.axdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.hostile.HostileInputs;

/**
 * Every Data value consumes input, and no count, depth or width is believed before it is checked.
 */
class HostileDataTest {
  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void theEighteenByteFrameIsAnErrorNotAnEndlessLoop() {
    byte[] apdu = java.util.Arrays.copyOfRange(HostileInputs.ZERO_WIDTH_COMPACT_ARRAY_FRAME, 8, 18);
    assertThatThrownBy(() -> DataNotification.decode(apdu))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("occupies no bytes");
  }

  @Test
  void theTenByteMqttPayloadIsRejectedByEveryApduDecoder() {
    assertThatThrownBy(() -> DataNotification.decode(HostileInputs.ZERO_WIDTH_COMPACT_ARRAY_APDU))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("compact-array");
    assertThatThrownBy(() -> CosemPdu.decode(HostileInputs.ZERO_WIDTH_COMPACT_ARRAY_APDU))
        .isInstanceOf(AxdrException.class);
  }

  @Test
  void aCompactArrayOfEmptyStructuresIsRefused() {
    assertThatThrownBy(() -> DataCodec.decode(hex("13 02 00 03 00 00 00")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("occupies no bytes");
  }

  @Test
  void aCompactArrayDescribingAnArrayOfNullsIsRefusedBeforeAnyValueIsBuilt() {
    // array of 65,535 null-data inside a structure with one unsigned: one content byte per row
    // would otherwise yield 65,536 values
    assertThatThrownBy(() -> DataCodec.decode(hex("13 02 02 01 FF FF 00 11 01 07")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("occupy no bytes");
  }

  @Test
  void aCompactArrayRowCountIsCheckedAgainstItsContents() {
    // rows of array(60,000 × long-unsigned) need 120,000 bytes; the contents carry 2
    assertThatThrownBy(() -> DataCodec.decode(hex("13 01 EA 60 12 02 00 01")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("needs at least 120000 bytes");
  }

  @Test
  void aCompactArrayCannotNestACompactArrayInItsTypeDescription() {
    assertThatThrownBy(() -> DataCodec.decode(hex("13 13 11 01 00")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("not a compact-array type description");
  }

  @Test
  void aCompactArrayWhoseTypeDescriptionClaimsMoreFieldsThanBytesIsRefused() {
    assertThatThrownBy(() -> DataCodec.decode(hex("13 02 84 7F FF FF FF 11")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("cannot fit");
  }

  @Test
  void aValidCompactArrayWithANullColumnStillDecodes() {
    // structure{null-data, unsigned}: the null column is legal as long as each row consumes a byte
    DlmsData d = DataCodec.decode(hex("13 02 02 00 11 02 05 06"));
    assertThat(d)
        .isEqualTo(
            DlmsData.array(
                List.of(
                    DlmsData.structure(DlmsData.Null.INSTANCE, DlmsData.u8(5)),
                    DlmsData.structure(DlmsData.Null.INSTANCE, DlmsData.u8(6)))));
  }

  @Test
  void anEmptyCompactArrayOfAnyTypeIsAnEmptyArray() {
    assertThat(DataCodec.decode(hex("13 00 00"))).isEqualTo(DlmsData.array(List.of()));
  }

  @Test
  void moreValuesThanTheLimitFailTheDecode() {
    // compact-array of structure{null ×200, unsigned}: each content byte yields 202 values
    int nulls = 200;
    int rows = AxdrLimits.MAX_ELEMENTS / (nulls + 2) + 1;
    AxdrWriter w = new AxdrWriter().u8(0x13).u8(0x02).length(nulls + 1);
    for (int i = 0; i < nulls; i++) {
      w.u8(0x00);
    }
    w.u8(0x11).length(rows).bytes(new byte[rows]);
    assertThatThrownBy(() -> DataCodec.decode(w.toByteArray()))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("more than " + AxdrLimits.MAX_ELEMENTS + " values");
  }

  @Test
  void aBitStringClaimingTwoBillionBitsIsTruncatedInputNotANegativeLength() {
    assertThatThrownBy(() -> DataCodec.decode(hex("04 84 7F FF FF FF 00")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("truncated bit-string");
  }

  @Test
  void aDateTimeTheCalendarDoesNotHaveIsAnAxdrError() {
    CosemDateTime thirtyFirstOfFebruary =
        CosemDateTime.decode(hex("07EA 02 1F FF 0A 00 00 00 FEB6 00"));
    assertThatThrownBy(
            () ->
                thirtyFirstOfFebruary.toInstant(
                    CosemDateTime.DeviationSign.STANDARD, java.time.ZoneOffset.UTC))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("not a valid calendar time");
  }
}
