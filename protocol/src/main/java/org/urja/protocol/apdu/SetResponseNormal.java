package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.cosem.DataAccessResult;

/** SET-Response-Normal (C5 01): the data-access-result of the write. */
public record SetResponseNormal(int invokeIdAndPriority, DataAccessResult result)
    implements CosemPdu {
  public static final int TAG = 0xC5;
  public static final int CHOICE = 0x01;

  @Override
  public byte[] encode() {
    return new AxdrWriter(4)
        .u8(TAG)
        .u8(CHOICE)
        .u8(invokeIdAndPriority)
        .u8(result.code())
        .toByteArray();
  }

  public static SetResponseNormal decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, TAG, CHOICE, "SET-Response-Normal");
    SetResponseNormal resp =
        new SetResponseNormal(r.u8("invoke-id-and-priority"), DataAccessResult.of(r.u8("result")));
    Descriptors.expectEnd(r, "SET-Response-Normal");
    return resp;
  }
}
