package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * ConfirmedServiceError (0E): which service failed (1 initiateError, 2 getStatus, ... 5 read, 6
 * write), the ServiceError choice (6 = initiate) and its enumerated value. The usual one is an
 * AARE's user-information refusing the xDLMS InitiateRequest, e.g. 0E 01 06 01 (dlms version too
 * low).
 */
public record ConfirmedServiceError(int service, int errorType, int errorValue)
    implements CosemPdu {
  public static final int TAG = 0x0E;
  public static final int INITIATE_ERROR = 1;
  public static final int ERROR_TYPE_INITIATE = 6;
  public static final int INITIATE_OTHER = 0;
  public static final int INITIATE_DLMS_VERSION_TOO_LOW = 1;
  public static final int INITIATE_INCOMPATIBLE_CONFORMANCE = 2;
  public static final int INITIATE_PDU_SIZE_TOO_SHORT = 3;

  public static ConfirmedServiceError initiate(int reason) {
    return new ConfirmedServiceError(INITIATE_ERROR, ERROR_TYPE_INITIATE, reason);
  }

  @Override
  public byte[] encode() {
    return new AxdrWriter(4).u8(TAG).u8(service).u8(errorType).u8(errorValue).toByteArray();
  }

  public static ConfirmedServiceError decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    r.u8("APDU tag");
    ConfirmedServiceError e =
        new ConfirmedServiceError(
            r.u8("service"), r.u8("service-error"), r.u8("service-error value"));
    Descriptors.expectEnd(r, "ConfirmedServiceError");
    return e;
  }
}
