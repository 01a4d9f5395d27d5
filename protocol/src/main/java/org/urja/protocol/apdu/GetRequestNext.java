package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * GET-Request-Next (C0 02): asks for the block after {@code blockNumber}, the last one received.
 */
public record GetRequestNext(int invokeIdAndPriority, long blockNumber) implements CosemPdu {
  public static final int CHOICE = 0x02;

  @Override
  public byte[] encode() {
    return new AxdrWriter(7)
        .u8(GetRequestNormal.TAG)
        .u8(CHOICE)
        .u8(invokeIdAndPriority)
        .u32(blockNumber)
        .toByteArray();
  }

  public static GetRequestNext decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, GetRequestNormal.TAG, CHOICE, "GET-Request-Next");
    GetRequestNext next = new GetRequestNext(r.u8("invoke-id-and-priority"), r.u32("block-number"));
    Descriptors.expectEnd(r, "GET-Request-Next");
    return next;
  }
}
