package org.urja.protocol.jdlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.protocol.axdr.DataType;
import org.urja.protocol.axdr.DlmsData;

class JdlmsDataTest {
  @Test
  void everyValueKindSurvivesTheTripThroughJdlmsTypes() {
    byte[] dateTime = {0x07, (byte) 0xEA, 11, 1, 7, 0, 0, 0, 0, (byte) 0xFE, (byte) 0xB6, 0};
    DlmsData value =
        DlmsData.structure(
            DlmsData.Null.INSTANCE,
            DlmsData.bool(true),
            DlmsData.i8(-5),
            DlmsData.u8(200),
            DlmsData.i16(-300),
            DlmsData.u16(60000),
            DlmsData.i32(-70000),
            DlmsData.u32(4_000_000_000L),
            DlmsData.u64(1L << 40),
            new DlmsData.Int(DataType.LONG64, -1L << 40),
            DlmsData.enumOf(3),
            new DlmsData.Float32(1.5f),
            new DlmsData.Float64(2.25),
            DlmsData.octets(new byte[] {1, 2, 3}),
            DlmsData.visible("SN-001"),
            new DlmsData.Octets(DataType.DATE_TIME, dateTime),
            new DlmsData.BitString(new byte[] {(byte) 0xA0}, 3),
            DlmsData.array(List.of(DlmsData.u8(1), DlmsData.u8(2))));

    assertThat(JdlmsData.fromJdlms(JdlmsData.toJdlms(value))).isEqualTo(value);
  }
}
