package org.urja.simulator.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.security.CipheringException;

/**
 * The simulator seals a meter's pushes as the head-end opens them, each with a higher frame
 * counter.
 */
class CipheredPushEncodingTest {
  static final byte[] TITLE = HexFormat.of().parseHex("55524A0000000007");
  static final MeterPushKeys KEYS =
      MeterPushKeys.of(
          TITLE,
          HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"),
          HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"));

  @Test
  void sealedPushesOpenUnderTheMetersKeysWithStrictlyIncreasingCountersAndAReplayIsRefused() {
    CipheredPushEncoding sealer = new CipheredPushEncoding(serial -> KEYS, () -> 41);
    Map<String, Long> last = new HashMap<>();
    CipheredPushes opener =
        new CipheredPushes(
            title -> Optional.of(new CipheredPushes.Sender("SIM00000007", KEYS.secrets())),
            (serial, title, counter) -> {
              if (counter <= last.getOrDefault(serial, -1L)) {
                return false;
              }
              last.put(serial, counter);
              return true;
            });
    DataNotification push =
        new DataNotification(5, Optional.empty(), DlmsData.structure(DlmsData.u32(12_345)));

    byte[] first = sealer.encode("SIM00000007", push);
    byte[] second = sealer.encode("SIM00000007", push);

    assertThat(CipheredPushes.isCiphered(first)).isTrue();
    CipheredPushes.Opened a = opener.open(first);
    CipheredPushes.Opened b = opener.open(second);
    assertThat(a.frameCounter()).isEqualTo(41);
    assertThat(b.frameCounter()).isEqualTo(42);
    assertThat(sealer.lastCounter("SIM00000007")).isEqualTo(42);
    assertThat(b.notification().body()).isEqualTo(push.body());
    assertThat(a.meterSerial()).isEqualTo("SIM00000007");
    assertThatThrownBy(() -> opener.open(first))
        .isInstanceOfSatisfying(
            CipheringException.class,
            e -> assertThat(e.reason()).isEqualTo(CipheringException.Reason.REPLAY));
  }

  @Test
  void aMetersFirstCounterFollowsTheClockSoARestartedSimulatorIsNotTakenForAReplay() {
    long expected =
        java.time.Duration.between(
                    java.time.Instant.parse("2025-01-01T00:00:00Z"), java.time.Instant.now())
                .toSeconds()
            * 8;

    long start = CipheredPushEncoding.clockStart();

    assertThat(start).isBetween(expected - 16, expected + 16);
    assertThat(start).isLessThan(0xFFFF_FFFFL);
  }
}
