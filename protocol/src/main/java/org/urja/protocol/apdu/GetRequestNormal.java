package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.cosem.AttributeRef;

/** GET-Request-Normal (C0 01): one attribute, with optional selective access. */
public record GetRequestNormal(int invokeIdAndPriority, AttributeRef attribute)
    implements CosemPdu {
  public static final int TAG = 0xC0;
  public static final int CHOICE = 0x01;

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(32);
    w.u8(TAG).u8(CHOICE).u8(invokeIdAndPriority);
    Descriptors.writeAttribute(w, attribute);
    return w.toByteArray();
  }

  public static GetRequestNormal decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, TAG, CHOICE, "GET-Request-Normal");
    int invoke = r.u8("invoke-id-and-priority");
    AttributeRef ref = Descriptors.readAttribute(r);
    Descriptors.expectEnd(r, "GET-Request-Normal");
    return new GetRequestNormal(invoke, ref);
  }
}
