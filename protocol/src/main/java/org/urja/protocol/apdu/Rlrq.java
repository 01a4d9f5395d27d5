package org.urja.protocol.apdu;

import java.util.Optional;

/**
 * ACSE A-RELEASE request (RLRQ, 0x62) with the OPTIONAL reason (0 normal, 1 urgent, 30
 * user-defined).
 */
public record Rlrq(Optional<Integer> reason) implements CosemPdu {
  public static final int TAG = 0x62;
  public static final int NORMAL = 0;

  @Override
  public byte[] encode() {
    return Rlre.encodeRelease(TAG, reason);
  }

  public static Rlrq decode(byte[] apdu) {
    return new Rlrq(Rlre.readReason(Ber.unwrap(apdu, TAG, "RLRQ")));
  }
}
