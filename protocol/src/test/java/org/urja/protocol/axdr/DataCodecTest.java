package org.urja.protocol.axdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataCodecTest {
  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void everyIntegerWidthKeepsItsSignAndValue() {
    assertThat(DataCodec.decode(hex("0F FF"))).isEqualTo(new DlmsData.Int(DataType.INTEGER, -1));
    assertThat(DataCodec.decode(hex("11 FF"))).isEqualTo(new DlmsData.Int(DataType.UNSIGNED, 255));
    assertThat(DataCodec.decode(hex("10 FF FE"))).isEqualTo(new DlmsData.Int(DataType.LONG, -2));
    assertThat(DataCodec.decode(hex("12 FF FE")))
        .isEqualTo(new DlmsData.Int(DataType.LONG_UNSIGNED, 65534));
    assertThat(DataCodec.decode(hex("05 FF FF FF FD")))
        .isEqualTo(new DlmsData.Int(DataType.DOUBLE_LONG, -3));
    assertThat(DataCodec.decode(hex("06 FF FF FF FD")))
        .isEqualTo(new DlmsData.Int(DataType.DOUBLE_LONG_UNSIGNED, 4_294_967_293L));
    assertThat(DataCodec.decode(hex("14 FF FF FF FF FF FF FF FC")))
        .isEqualTo(new DlmsData.Int(DataType.LONG64, -4));
    DlmsData.Int big = (DlmsData.Int) DataCodec.decode(hex("15 FF FF FF FF FF FF FF FF"));
    assertThat(big.bigValue().toString()).isEqualTo("18446744073709551615");
    assertThat(DataCodec.decode(hex("16 02"))).isEqualTo(new DlmsData.Int(DataType.ENUM, 2));
  }

  @Test
  void floatsBooleansAndStringsDecode() {
    assertThat(DataCodec.decode(hex("17 40 49 0F DB"))).isEqualTo(new DlmsData.Float32(3.1415927f));
    assertThat(DataCodec.decode(hex("18 40 09 21 FB 54 44 2D 18")))
        .isEqualTo(new DlmsData.Float64(Math.PI));
    assertThat(DataCodec.decode(hex("03 01"))).isEqualTo(new DlmsData.Bool(true));
    assertThat(DataCodec.decode(hex("0A 03 41 42 43")))
        .isEqualTo(new DlmsData.Text(DataType.VISIBLE_STRING, "ABC"));
    assertThat(DataCodec.decode(hex("0C 03 E0 A4 8A")))
        .isEqualTo(new DlmsData.Text(DataType.UTF8_STRING, "ऊ"));
    assertThat(DataCodec.decode(hex("00"))).isEqualTo(DlmsData.Null.INSTANCE);
    DlmsData.BitString bits = (DlmsData.BitString) DataCodec.decode(hex("04 0A C0 40"));
    assertThat(bits.bitCount()).isEqualTo(10);
    assertThat(bits.bit(0)).isTrue();
    assertThat(bits.bit(2)).isFalse();
    assertThat(bits.bit(9)).isTrue();
  }

  @Test
  void aProfileRowOfStructuresRoundTrips() {
    DlmsData row =
        DlmsData.structure(
            new DlmsData.Octets(DataType.OCTET_STRING, hex("07 EA 0B 16 07 0A 00 00 00 FE B6 00")),
            DlmsData.u16(23012),
            DlmsData.u32(1_234_567),
            DlmsData.i16(-5));
    DlmsData buffer = DlmsData.array(List.of(row, row));
    assertThat(DataCodec.decode(DataCodec.encode(buffer))).isEqualTo(buffer);
  }

  @Test
  void lengthsOf128AndMoreUseTheLongForm() {
    byte[] payload = new byte[300];
    DlmsData big = DlmsData.octets(payload);
    byte[] encoded = DataCodec.encode(big);
    assertThat(encoded[0]).isEqualTo((byte) 0x09);
    assertThat(encoded[1]).isEqualTo((byte) 0x82);
    assertThat(DataCodec.decode(encoded)).isEqualTo(big);
  }

  @Test
  void aCompactArrayExpandsToRows() {
    // compact-array of structure{long-unsigned, unsigned}, two rows
    DlmsData d = DataCodec.decode(hex("13 02 02 12 11 06 00 01 02 00 03 04"));
    assertThat(d)
        .isEqualTo(
            DlmsData.array(
                List.of(
                    DlmsData.structure(DlmsData.u16(1), DlmsData.u8(2)),
                    DlmsData.structure(DlmsData.u16(3), DlmsData.u8(4)))));
  }

  @Test
  void anUnknownTagIsNamedInTheError() {
    assertThatThrownBy(() -> DataCodec.decode(hex("07 00")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("unknown Data tag 0x7");
  }

  @Test
  void anArrayClaimingMoreElementsThanBytesIsRejectedBeforeAllocating() {
    assertThatThrownBy(() -> DataCodec.decode(hex("01 84 7F FF FF FF 00")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("cannot fit");
  }

  @Test
  void hostileNestingIsRejected() {
    List<Byte> bytes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      bytes.add((byte) 0x02);
      bytes.add((byte) 0x01);
    }
    bytes.add((byte) 0x00);
    byte[] b = new byte[bytes.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = bytes.get(i);
    }
    assertThatThrownBy(() -> DataCodec.decode(b))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("nested");
  }

  @Test
  void trailingGarbageAfterAValueIsReported() {
    assertThatThrownBy(() -> DataCodec.decode(hex("11 05 AA")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("left over");
  }
}
