package org.urja.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrLimits;
import org.urja.protocol.axdr.DataShape;

/**
 * Coverage-guided fuzzing of the ciphered push path: whatever arrives, {@link CipheredPushes#open}
 * gives a verified DataNotification or refuses with a {@link CipheringException} or an {@link
 * AxdrException}, and nothing it refuses advances a meter's frame counter. docs/FUZZING.md says
 * how.
 */
class CipheredPushesFuzzTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] TITLE = HEX.parseHex("4D4D4D0000BC614E");
  private static final MeterSecrets SECRETS =
      new MeterSecrets(
          Optional.empty(),
          Optional.empty(),
          Optional.of(HEX.parseHex("000102030405060708090A0B0C0D0E0F")),
          Optional.of(HEX.parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF")));

  @FuzzTest
  void anyBytesAreAnOpenedPushOrARefusal(byte[] input) {
    long[] accepted = {0};
    CipheredPushes pushes =
        new CipheredPushes(
            t ->
                Arrays.equals(t, TITLE)
                    ? Optional.of(new CipheredPushes.Sender("SIM000001", SECRETS))
                    : Optional.empty(),
            (serial, title, counter) -> {
              accepted[0]++;
              return true;
            });
    CipheredPushes.Opened opened;
    try {
      opened = pushes.open(input);
    } catch (CipheringException e) {
      assertThat(e.reason()).isNotNull();
      return;
    } catch (AxdrException e) {
      return;
    }
    assertThat(accepted[0]).as("the counter is checked once, after the tag").isEqualTo(1);
    assertThat(opened.systemTitle()).isEqualTo(TITLE);
    assertThat(DataShape.values(opened.notification().body()))
        .isLessThanOrEqualTo(AxdrLimits.MAX_ELEMENTS);
  }
}
