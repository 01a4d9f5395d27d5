package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;

/** SET-Request-Normal (C1 01): attribute descriptor, optional access selection, then the value. */
public record SetRequestNormal(int invokeIdAndPriority, AttributeRef attribute, DlmsData value)
    implements CosemPdu {
  public static final int TAG = 0xC1;
  public static final int CHOICE = 0x01;

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(32);
    w.u8(TAG).u8(CHOICE).u8(invokeIdAndPriority);
    Descriptors.writeAttribute(w, attribute);
    DataCodec.encode(value, w);
    return w.toByteArray();
  }

  public static SetRequestNormal decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, TAG, CHOICE, "SET-Request-Normal");
    int invoke = r.u8("invoke-id-and-priority");
    AttributeRef ref = Descriptors.readAttribute(r);
    DlmsData value = DataCodec.decode(r);
    Descriptors.expectEnd(r, "SET-Request-Normal");
    return new SetRequestNormal(invoke, ref, value);
  }
}
