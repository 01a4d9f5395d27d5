package org.urja.protocol.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrLimits;
import org.urja.protocol.axdr.DataShape;

/**
 * Coverage-guided fuzzing of every APDU decoder: ACSE in BER (AARQ, AARE, RLRQ, RLRE) and xDLMS in
 * A-XDR (GET, SET, ACTION, block transfer, DataNotification, errors). docs/FUZZING.md says how.
 */
class ApduFuzzTest {

  /**
   * {@link CosemPdu#decode} on any bytes gives an APDU or an {@link AxdrException} (an {@link
   * UnsupportedServiceException} for a service this stack does not offer), and an APDU it gives
   * encodes to bytes it decodes again to the same encoding: what a peer sent is what is understood.
   */
  @FuzzTest
  void anyBytesAreAnApduOrAnAxdrError(byte[] input) {
    CosemPdu pdu;
    try {
      pdu = CosemPdu.decode(input);
    } catch (AxdrException e) {
      return;
    }
    byte[] encoded = pdu.encode();
    CosemPdu again = CosemPdu.decode(encoded);
    assertThat(again.getClass()).isEqualTo(pdu.getClass());
    assertThat(CosemPdu.decode(again.encode()).encode()).isEqualTo(again.encode());
  }

  /**
   * What a meter pushes: {@link DataNotification#decode} on any bytes gives a notification whose
   * body keeps {@link AxdrLimits}, or an {@link AxdrException}; nothing else escapes into the
   * connection's handler.
   */
  @FuzzTest
  void anyPushIsADataNotificationOrAnAxdrError(byte[] input) {
    DataNotification n;
    try {
      n = DataNotification.decode(input);
    } catch (AxdrException e) {
      return;
    }
    assertThat(DataShape.values(n.body())).isLessThanOrEqualTo(AxdrLimits.MAX_ELEMENTS);
    assertThat(DataShape.depth(n.body())).isLessThanOrEqualTo(AxdrLimits.MAX_DEPTH + 1);
    DataNotification again = DataNotification.decode(n.encode());
    assertThat(again.longInvokeIdAndPriority()).isEqualTo(n.longInvokeIdAndPriority());
    assertThat(again.dateTime()).isEqualTo(n.dateTime());
  }
}
