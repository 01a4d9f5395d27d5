package org.urja.protocol.axdr;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the A-XDR Data decoder (docs/FUZZING.md). In {@code mvn verify} it
 * runs the checked-in inputs only; with {@code JAZZER_FUZZ=1} it searches for new ones.
 */
class DataCodecFuzzTest {

  /**
   * The decoder's contract on any bytes: an {@link AxdrException} or a value within {@link
   * AxdrLimits}, having consumed no more than it was given, that encodes back to bytes which decode
   * to a stable value.
   */
  @FuzzTest
  void anyBytesDecodeToBoundedDataOrAnAxdrError(byte[] input) {
    AxdrReader r = new AxdrReader(input);
    DlmsData d;
    try {
      d = DataCodec.decode(r);
    } catch (AxdrException e) {
      return;
    }
    assertThat(r.position()).isBetween(1, input.length);
    assertThat(DataShape.values(d)).isLessThanOrEqualTo(AxdrLimits.MAX_ELEMENTS);
    assertThat(DataShape.depth(d)).isLessThanOrEqualTo(AxdrLimits.MAX_DEPTH + 1);
    // text that is not ASCII/UTF-8 and compact-arrays normalise on the first encoding, then stay
    DlmsData normal = DataCodec.decode(DataCodec.encode(d));
    assertThat(DataCodec.decode(DataCodec.encode(normal))).isEqualTo(normal);
    assertThat(DataShape.values(normal)).isEqualTo(DataShape.values(d));
  }
}
