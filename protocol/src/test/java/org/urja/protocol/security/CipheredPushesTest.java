package org.urja.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.apdu.GeneralGloCiphering;
import org.urja.protocol.axdr.DlmsData;

class CipheredPushesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] TITLE = HEX.parseHex("4D4D4D0000BC614E");
  private static final MeterSecrets SECRETS =
      new MeterSecrets(
          Optional.empty(),
          Optional.empty(),
          Optional.of(HEX.parseHex("000102030405060708090A0B0C0D0E0F")),
          Optional.of(HEX.parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF")));
  private static final DataNotification PUSH =
      new DataNotification(
          1, Optional.empty(), DlmsData.structure(DlmsData.u32(123456), DlmsData.bool(true)));

  /** The last accepted counter per meter, the way the key store's guard keeps it. */
  private final Map<String, Long> lastAccepted = new HashMap<>();

  private final FrameCounterGuard guard =
      (serial, title, counter) -> {
        Long last = lastAccepted.get(serial);
        if (last != null && counter <= last) {
          return false;
        }
        lastAccepted.put(serial, counter);
        return true;
      };

  private final CipheredPushes pushes =
      new CipheredPushes(
          title ->
              Arrays.equals(title, TITLE)
                  ? Optional.of(new CipheredPushes.Sender("SIM000001", SECRETS))
                  : Optional.empty(),
          guard);

  @Test
  void aCipheredPushOpensToTheMetersDataNotification() {
    CipheredPushes.Opened o = pushes.open(CipheredPushes.seal(PUSH, TITLE, 41, SECRETS));

    assertThat(o.meterSerial()).isEqualTo("SIM000001");
    assertThat(o.frameCounter()).isEqualTo(41);
    assertThat(o.notification().encode()).isEqualTo(PUSH.encode());
  }

  @Test
  void theSamePushSentTwiceIsAReplay() {
    byte[] sealed = CipheredPushes.seal(PUSH, TITLE, 41, SECRETS);
    pushes.open(sealed);

    assertThatThrownBy(() -> pushes.open(sealed))
        .satisfies(reason(CipheringException.Reason.REPLAY));
  }

  @Test
  void anAlteredPushFailsItsTagAndDoesNotAdvanceTheCounter() {
    byte[] sealed = CipheredPushes.seal(PUSH, TITLE, 41, SECRETS);
    sealed[sealed.length - 14] ^= 0x40;

    assertThatThrownBy(() -> pushes.open(sealed))
        .satisfies(reason(CipheringException.Reason.BAD_TAG));
    assertThat(lastAccepted).isEmpty();
  }

  @Test
  void aPushUnderAnotherMetersKeyFailsItsTag() {
    byte[] otherKey = HEX.parseHex("00000000000000000000000000000001");
    MeterSecrets other =
        new MeterSecrets(
            Optional.empty(), Optional.empty(), Optional.of(otherKey), SECRETS.authenticationKey());

    assertThatThrownBy(() -> pushes.open(CipheredPushes.seal(PUSH, TITLE, 1, other)))
        .satisfies(reason(CipheringException.Reason.BAD_TAG));
  }

  @Test
  void aPushFromAnUnknownSystemTitleIsRefusedBeforeAnyDecryption() {
    byte[] stranger = HEX.parseHex("4D4D4D0000000099");

    assertThatThrownBy(() -> pushes.open(CipheredPushes.seal(PUSH, stranger, 1, SECRETS)))
        .satisfies(reason(CipheringException.Reason.UNKNOWN_SYSTEM_TITLE));
  }

  @Test
  void aMeterWithoutKeysCannotBeHeard() {
    CipheredPushes noKeys =
        new CipheredPushes(
            t -> Optional.of(new CipheredPushes.Sender("SIM000002", MeterSecrets.none())), guard);

    assertThatThrownBy(() -> noKeys.open(CipheredPushes.seal(PUSH, TITLE, 1, SECRETS)))
        .satisfies(reason(CipheringException.Reason.NO_KEY));
  }

  @Test
  void aSystemTitleOfTheWrongLengthIsMalformed() {
    byte[] apdu = new GeneralGloCiphering(new byte[3], new byte[20]).encode();

    assertThatThrownBy(() -> pushes.open(apdu))
        .satisfies(reason(CipheringException.Reason.MALFORMED));
  }

  private static org.assertj.core.api.ThrowingConsumer<Throwable> reason(
      CipheringException.Reason expected) {
    return t ->
        assertThat(t)
            .isInstanceOfSatisfying(
                CipheringException.class, e -> assertThat(e.reason()).isEqualTo(expected));
  }
}
