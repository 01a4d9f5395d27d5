package org.urja.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.ingest.reading.Reading;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.CosemDateTime;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.obis.ObisCode;

/**
 * A first push the default model does not fit, read for the serial it claims: accepted only when
 * that serial's own model decodes it.
 */
class ClaimedSerialTest {
  static final Instant NOON = Instant.parse("2026-11-20T06:30:00Z");
  final MeterModelCatalog catalog = MeterModelCatalog.bundled();
  final MeterModel makeB = catalog.get("urja-sim-1ph-b");
  // MAKEB000001 is assigned the second make's model file; DEFLT000001 follows the default
  final Map<String, MeterModel> assigned = Map.of("MAKEB000001", makeB);
  final MeterModelResolver models =
      new MeterModelResolver() {
        @Override
        public MeterModel modelFor(String serial) {
          return serial == null
              ? catalog.defaultModel()
              : assigned.getOrDefault(serial, catalog.defaultModel());
        }

        @Override
        public List<MeterModel> candidates() {
          return List.of(catalog.defaultModel(), makeB);
        }
      };
  final ClaimedSerial claimed = new ClaimedSerial(new PushDecoder(), models);

  static DataNotification pushOfMakeB(String serial) {
    return new DataNotification(
        1,
        Optional.empty(),
        DlmsData.structure(
            DlmsData.octets(ObisCode.parse("0.0.25.9.0.255").toBytes()),
            DlmsData.octets(
                CosemDateTime.of(
                        NOON, ZoneId.of("Asia/Kolkata"), CosemDateTime.DeviationSign.STANDARD)
                    .encode()),
            DlmsData.visible(serial),
            DlmsData.u32(4_000),
            DlmsData.u16(2_301),
            DlmsData.u16(512),
            DlmsData.u32(1_234_567),
            DlmsData.u32(1_234_667),
            DlmsData.bool(true)));
  }

  @Test
  void aPushOfAnotherMakeIsDecodedByTheOwnModelOfTheMeterItClaims() {
    DecodedPush push = claimed.decode(pushOfMakeB("MAKEB000001"), NOON).orElseThrow();
    assertThat(push.meterSerial()).isEqualTo("MAKEB000001");
    assertThat(push.readings()).hasSize(6);
    assertThat(push.readings())
        .filteredOn(r -> r.obis().toString().equals("1.0.1.8.0.255"))
        .extracting(Reading::value)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("123456.7"));
  }

  @Test
  void aPushClaimingAMeterWhoseOwnModelDoesNotFitItIsNotDecodedByAnotherModel() {
    assertThat(claimed.decode(pushOfMakeB("DEFLT000001"), NOON)).isEmpty();
  }
}
