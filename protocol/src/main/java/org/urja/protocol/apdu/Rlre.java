package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrWriter;

/** ACSE A-RELEASE response (RLRE, 0x63) with the OPTIONAL reason (0 normal, 1 not-finished). */
public record Rlre(Optional<Integer> reason) implements CosemPdu {
  public static final int TAG = 0x63;

  @Override
  public byte[] encode() {
    return encodeRelease(TAG, reason);
  }

  public static Rlre decode(byte[] apdu) {
    return new Rlre(readReason(Ber.unwrap(apdu, TAG, "RLRE")));
  }

  static byte[] encodeRelease(int tag, Optional<Integer> reason) {
    AxdrWriter body = new AxdrWriter(3);
    reason.ifPresent(r -> Ber.write(body, 0x80, new byte[] {(byte) (int) r}));
    AxdrWriter w = new AxdrWriter(5);
    Ber.write(w, tag, body.toByteArray());
    return w.toByteArray();
  }

  /** The [0] reason; user-information (ciphered release) is ignored. */
  static Optional<Integer> readReason(byte[] content) {
    for (Ber.Tlv f : Ber.readAll(content)) {
      if (f.tag() == 0x80 && f.value().length == 1) {
        return Optional.of(f.value()[0] & 0xFF);
      }
    }
    return Optional.empty();
  }
}
