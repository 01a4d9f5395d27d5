package org.urja.protocol.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.CosemDateTime.DeviationSign;
import org.urja.protocol.axdr.DataType;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.obis.ObisCode;

class DataNotificationTest {

  /**
   * An hourly push from a Kamstrup Omnipower meter's HAN port, captured by the Norwegian HAN
   * community and published on GitHub (HDLC frame "7E A1 2C 2B 21 13 FC 04 E6 E7 00 ... 83 77 7E";
   * the HDLC header, LLC bytes E6 E7 00 and the FCS/flag are stripped here, leaving the xDLMS
   * APDU).
   */
  static final String KAMSTRUP_HOURLY =
      "0F 00 00 00 00 0C 07 E3 07 09 02 14 00 05 FF 80 00 80 02 23 0A 0E 4B 61 6D 73 74 72 75 70 5F 56 30 30 30 31"
          + " 09 06 01 01 00 00 05 FF 0A 10 32 32 30 30 35 36 37 32 32 33 31 39 37 37 31 34 09 06 01 01 60 01 01 FF"
          + " 0A 12 36 38 34 31 31 33 31 42 4E 32 34 33 31 30 31 30 34 30 09 06 01 01 01 07 00 FF 06 00 00 01 6C"
          + " 09 06 01 01 02 07 00 FF 06 00 00 00 00 09 06 01 01 03 07 00 FF 06 00 00 00 00 09 06 01 01 04 07 00 FF"
          + " 06 00 00 01 42 09 06 01 01 1F 07 00 FF 06 00 00 00 85 09 06 01 01 33 07 00 FF 06 00 00 00 5C"
          + " 09 06 01 01 47 07 00 FF 06 00 00 00 3F 09 06 01 01 20 07 00 FF 12 00 EB 09 06 01 01 34 07 00 FF 12 00 EB"
          + " 09 06 01 01 48 07 00 FF 12 00 EB 09 06 00 01 01 00 00 FF 09 0C 07 E3 07 09 02 14 00 05 FF 80 00 80"
          + " 09 06 01 01 01 08 00 FF 06 00 38 DE 2A 09 06 01 01 02 08 00 FF 06 00 00 00 00"
          + " 09 06 01 01 03 08 00 FF 06 00 00 00 1F 09 06 01 01 04 08 00 FF 06 00 09 00 85";

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void aRealMeterPushDecodesToItsValues() {
    DataNotification n = DataNotification.decode(hex(KAMSTRUP_HOURLY));

    assertThat(n.invokeId()).isZero();
    CosemDateTime dt = n.dateTime().orElseThrow();
    assertThat(dt.year()).isEqualTo(2019);
    assertThat(dt.month()).isEqualTo(7);
    assertThat(dt.day()).isEqualTo(9);
    assertThat(dt.hour()).isEqualTo(20);
    assertThat(dt.deviationSpecified()).isFalse();
    assertThat(dt.clockStatus()).isEqualTo(0x80); // daylight saving active

    DlmsData.Composite body = (DlmsData.Composite) n.body();
    assertThat(body.type()).isEqualTo(DataType.STRUCTURE);
    assertThat(body.size()).isEqualTo(35);
    assertThat(((DlmsData.Text) body.get(0)).value()).isEqualTo("Kamstrup_V0001");
    // cumulative active energy import 1.1.1.8.0.255 follows its OBIS code at index 27, 0x0038DE2A
    // Wh
    assertThat(ObisCode.fromBytes(((DlmsData.Octets) body.get(27)).value()))
        .isEqualTo(ObisCode.parse("1.1.1.8.0.255"));
    assertThat(((DlmsData.Int) body.get(28)).value()).isEqualTo(3_726_890L);
  }

  @Test
  void aDecodedPushEncodesBackToTheSameBytes() {
    byte[] original = hex(KAMSTRUP_HOURLY);
    assertThat(DataNotification.decode(original).encode()).isEqualTo(original);
  }

  @Test
  void aPushWithoutDateTimeIsAccepted() {
    DataNotification n =
        new DataNotification(
            7, Optional.empty(), DlmsData.structure(DlmsData.u32(12345), DlmsData.bool(true)));
    DataNotification back = DataNotification.decode(n.encode());
    assertThat(back.dateTime()).isEmpty();
    assertThat(back.invokeId()).isEqualTo(7);
    assertThat(back.body()).isEqualTo(n.body());
  }

  @Test
  void aTruncatedPushIsRejectedWithAClearMessage() {
    byte[] full = hex(KAMSTRUP_HOURLY);
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
    assertThatThrownBy(() -> DataNotification.decode(cut))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void anotherApduIsNotTakenForAPush() {
    assertThatThrownBy(() -> DataNotification.decode(hex("C0 01 C1 00 03 01 00 01 08 00 FF 02 00")))
        .isInstanceOf(AxdrException.class)
        .hasMessageContaining("not a DataNotification");
  }

  @Test
  void anIstTimestampRoundTripsInBothDeviationConventions() {
    Instant t = Instant.parse("2026-11-22T04:30:00Z"); // 10:00 IST
    for (DeviationSign sign : DeviationSign.values()) {
      CosemDateTime dt = CosemDateTime.of(t, ZoneId.of("Asia/Kolkata"), sign);
      assertThat(dt.hour()).isEqualTo(10);
      assertThat(dt.deviation()).isEqualTo(sign == DeviationSign.STANDARD ? -330 : 330);
      CosemDateTime back = CosemDateTime.decode(dt.encode());
      assertThat(back.toInstant(sign, ZoneId.of("UTC"))).isEqualTo(t);
    }
  }

  @Test
  void anUnspecifiedDeviationIsReadInTheUtilityZone() {
    CosemDateTime dt = CosemDateTime.decode(hex("07 EA 0B 16 07 0A 00 00 00 80 00 00"));
    assertThat(dt.toInstant(DeviationSign.STANDARD, ZoneId.of("Asia/Kolkata")))
        .isEqualTo(Instant.parse("2026-11-22T04:30:00Z"));
  }
}
