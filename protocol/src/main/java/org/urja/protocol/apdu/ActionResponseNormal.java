package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.DataAccessResult;

/**
 * ACTION-Response-Normal (C7 01): Action-Response-With-Optional-Data, that is the action-result and
 * OPTIONAL return-parameters, a Get-Data-Result (data, or a data-access-result).
 */
public record ActionResponseNormal(
    int invokeIdAndPriority,
    ActionResult result,
    Optional<DlmsData> returnData,
    Optional<DataAccessResult> returnError)
    implements CosemPdu {
  public static final int TAG = 0xC7;
  public static final int CHOICE = 0x01;

  public ActionResponseNormal {
    if (returnData.isPresent() && returnError.isPresent()) {
      throw new IllegalArgumentException(
          "return parameters are data or a data-access-result, not both");
    }
  }

  public static ActionResponseNormal of(
      int invoke, ActionResult result, Optional<DlmsData> returnData) {
    return new ActionResponseNormal(invoke, result, returnData, Optional.empty());
  }

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(16);
    w.u8(TAG).u8(CHOICE).u8(invokeIdAndPriority).u8(result.code());
    if (returnData.isEmpty() && returnError.isEmpty()) {
      w.u8(0);
    } else {
      w.u8(1);
      Descriptors.writeGetDataResult(w, returnData, returnError.orElse(DataAccessResult.SUCCESS));
    }
    return w.toByteArray();
  }

  public static ActionResponseNormal decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    Descriptors.expect(r, TAG, CHOICE, "ACTION-Response-Normal");
    int invoke = r.u8("invoke-id-and-priority");
    ActionResult result = ActionResult.of(r.u8("action-result"));
    Optional<DlmsData> data = Optional.empty();
    Optional<DataAccessResult> error = Optional.empty();
    if (Descriptors.presence(r, "return-parameters")) {
      if (Descriptors.presence(r, "get-data-result")) {
        error = Optional.of(DataAccessResult.of(r.u8("data-access-result")));
      } else {
        data = Optional.of(DataCodec.decode(r));
      }
    }
    Descriptors.expectEnd(r, "ACTION-Response-Normal");
    return new ActionResponseNormal(invoke, result, data, error);
  }
}
