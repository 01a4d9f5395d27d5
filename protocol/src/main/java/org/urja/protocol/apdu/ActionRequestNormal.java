package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.MethodRef;

/**
 * ACTION-Request-Normal (C3 01): method descriptor and the OPTIONAL method invocation parameters.
 */
public record ActionRequestNormal(
    int invokeIdAndPriority, MethodRef method, Optional<DlmsData> parameters) implements CosemPdu {
  public static final int TAG = 0xC3;
  public static final int CHOICE = 0x01;

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(32);
    w.u8(TAG).u8(CHOICE).u8(invokeIdAndPriority);
    Descriptors.writeMethod(w, method);
    if (parameters.isPresent()) {
      w.u8(1);
      DataCodec.encode(parameters.get(), w);
    } else {
      w.u8(0);
    }
    return w.toByteArray();
  }

  public static ActionRequestNormal decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, TAG, CHOICE, "ACTION-Request-Normal");
    int invoke = r.u8("invoke-id-and-priority");
    MethodRef m = Descriptors.readMethod(r);
    Optional<DlmsData> params =
        Descriptors.presence(r, "method-invocation-parameters")
            ? Optional.of(DataCodec.decode(r))
            : Optional.empty();
    Descriptors.expectEnd(r, "ACTION-Request-Normal");
    return new ActionRequestNormal(invoke, m, params);
  }
}
