package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.DataAccessResult;

/**
 * GET-Response-Normal (C4 01): either the attribute's value, or the data-access-result saying why
 * not. {@code data} is present exactly when {@code result} is SUCCESS.
 */
public record GetResponseNormal(
    int invokeIdAndPriority, Optional<DlmsData> data, DataAccessResult result) implements CosemPdu {
  public static final int TAG = 0xC4;
  public static final int CHOICE = 0x01;

  public GetResponseNormal {
    if (data.isPresent() != (result == DataAccessResult.SUCCESS)) {
      throw new IllegalArgumentException("a GET response carries data exactly when it succeeds");
    }
  }

  public static GetResponseNormal success(int invokeIdAndPriority, DlmsData data) {
    return new GetResponseNormal(invokeIdAndPriority, Optional.of(data), DataAccessResult.SUCCESS);
  }

  public static GetResponseNormal failure(int invokeIdAndPriority, DataAccessResult result) {
    return new GetResponseNormal(invokeIdAndPriority, Optional.empty(), result);
  }

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(64);
    w.u8(TAG).u8(CHOICE).u8(invokeIdAndPriority);
    Descriptors.writeGetDataResult(w, data, result);
    return w.toByteArray();
  }

  public static GetResponseNormal decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, TAG, CHOICE, "GET-Response-Normal");
    int invoke = r.u8("invoke-id-and-priority");
    GetResponseNormal resp =
        Descriptors.presence(r, "get-data-result")
            ? failure(invoke, DataAccessResult.of(r.u8("data-access-result")))
            : success(invoke, DataCodec.decode(r));
    Descriptors.expectEnd(r, "GET-Response-Normal");
    return resp;
  }
}
