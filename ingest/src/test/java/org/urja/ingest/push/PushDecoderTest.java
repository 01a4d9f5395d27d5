package org.urja.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.obis.ObisCode;

class PushDecoderTest {
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  final PushDecoder decoder = new PushDecoder();
  final Instant t = Instant.parse("2026-11-22T04:30:00Z");

  DlmsData clock(Instant at) {
    return DlmsData.octets(
        CosemDateTime.of(at, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
            .encode());
  }

  DataNotification instant(String serial, long wh) {
    return new DataNotification(
        1,
        Optional.empty(),
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(serial.getBytes()),
            clock(t),
            DlmsData.u32(wh),
            DlmsData.u32(wh),
            DlmsData.u32(0),
            DlmsData.u16(23011),
            DlmsData.u32(4_105),
            DlmsData.u32(940),
            DlmsData.bool(false)));
  }

  @Test
  void registerValuesAreScaledByTheModelsScalerAndUnit() {
    DecodedPush p = decoder.decode(instant("M1", 123456), model, Optional.empty(), Instant.EPOCH);
    assertThat(p.meterSerial()).isEqualTo("M1");
    assertThat(p.readings()).hasSize(7);
    Reading voltage =
        p.readings().stream()
            .filter(r -> r.obis().equals(ObisCode.parse("1.0.32.7.0.255")))
            .findFirst()
            .orElseThrow();
    assertThat(voltage.value()).isEqualByComparingTo(new BigDecimal("230.11"));
    assertThat(voltage.unit()).isEqualTo("V");
    Reading current =
        p.readings().stream()
            .filter(r -> r.obis().equals(ObisCode.parse("1.0.31.7.0.255")))
            .findFirst()
            .orElseThrow();
    assertThat(current.value()).isEqualByComparingTo(new BigDecimal("4.105"));
    assertThat(p.readings()).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(t));
  }

  @Test
  void theRelayStateIsKeptAsAReading() {
    DecodedPush p = decoder.decode(instant("M1", 1), model, Optional.empty(), Instant.EPOCH);
    Reading relay =
        p.readings().stream()
            .filter(r -> r.obis().equals(ObisCode.parse("0.0.96.3.10.255")))
            .findFirst()
            .orElseThrow();
    assertThat(relay.value()).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void anAlertPushBecomesAnEvent() {
    DataNotification alert =
        new DataNotification(
            2,
            Optional.empty(),
            DlmsData.structure(
                DlmsData.octets(ObisCode.parse("0.4.25.9.0.255").toBytes()),
                DlmsData.octets("M2".getBytes()),
                clock(t),
                DlmsData.u16(301)));
    DecodedPush p = decoder.decode(alert, model, Optional.empty(), Instant.EPOCH);
    assertThat(p.readings()).isEmpty();
    assertThat(p.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(301);
              assertThat(e.meterSerial()).isEqualTo("M2");
              assertThat(e.timestamp()).isEqualTo(t);
            });
  }

  @Test
  void aPushWithTooFewValuesNamesTheLayoutAndCounts() {
    DataNotification shortPush =
        new DataNotification(
            3,
            Optional.empty(),
            DlmsData.structure(
                DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
                DlmsData.octets("M3".getBytes())));
    assertThatThrownBy(() -> decoder.decode(shortPush, model, Optional.empty(), Instant.EPOCH))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("instant")
        .hasMessageContaining("10 objects")
        .hasMessageContaining("2 values");
  }

  @Test
  void aPushSetupTheModelDoesNotHaveIsRejected() {
    DataNotification other =
        new DataNotification(
            3,
            Optional.empty(),
            DlmsData.structure(
                DlmsData.octets(ObisCode.parse("0.7.25.9.0.255").toBytes()),
                DlmsData.octets("M3".getBytes())));
    assertThatThrownBy(() -> decoder.decode(other, model, Optional.empty(), Instant.EPOCH))
        .hasMessageContaining("no push setup 0.7.25.9.0.255");
  }

  @Test
  void aFloatRegisterThatIsNotANumberIsADecodeErrorForThatPushOnly() {
    DataNotification nan =
        new DataNotification(
            1,
            Optional.empty(),
            DlmsData.structure(
                DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
                DlmsData.octets("M1".getBytes()),
                clock(t),
                DlmsData.u32(1),
                DlmsData.u32(1),
                DlmsData.u32(0),
                new DlmsData.Float32(Float.NaN),
                DlmsData.u32(4_105),
                DlmsData.u32(940),
                DlmsData.bool(false)));
    assertThatThrownBy(() -> decoder.decode(nan, model, Optional.empty(), Instant.EPOCH))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("1.0.32.7.0.255 is NaN");
  }

  @Test
  void aFloatRegisterBeyondAnyMetersRangeIsRefusedBeforeItIsStored() {
    DataNotification huge =
        new DataNotification(
            1,
            Optional.empty(),
            DlmsData.structure(
                DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
                DlmsData.octets("M1".getBytes()),
                clock(t),
                DlmsData.u32(1),
                DlmsData.u32(1),
                DlmsData.u32(0),
                new DlmsData.Float64(Double.MAX_VALUE),
                DlmsData.u32(4_105),
                DlmsData.u32(940),
                DlmsData.bool(false)));
    assertThatThrownBy(() -> decoder.decode(huge, model, Optional.empty(), Instant.EPOCH))
        .isInstanceOf(PushDecodeException.class)
        .hasMessageContaining("digits before the point");
  }
}
