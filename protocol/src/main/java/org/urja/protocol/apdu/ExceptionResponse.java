package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * ExceptionResponse (D8): the server could not process a request at all (no association, unknown
 * service, broken PDU). state-error: 1 service-not-allowed, 2 service-unknown. service-error: 1
 * operation-not-possible, 2 service-not-supported, 3 other-reason, 4 pdu-too-long, 5
 * deciphering-error, 6 invocation-counter-error (followed by an Unsigned32).
 */
public record ExceptionResponse(int stateError, int serviceError, long invocationCounter)
    implements CosemPdu {
  public static final int TAG = 0xD8;
  public static final int SERVICE_NOT_ALLOWED = 1;
  public static final int SERVICE_UNKNOWN = 2;
  public static final int OPERATION_NOT_POSSIBLE = 1;
  public static final int SERVICE_NOT_SUPPORTED = 2;
  public static final int OTHER_REASON = 3;
  public static final int PDU_TOO_LONG = 4;
  public static final int INVOCATION_COUNTER_ERROR = 6;

  public static ExceptionResponse of(int stateError, int serviceError) {
    return new ExceptionResponse(stateError, serviceError, 0);
  }

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(7).u8(TAG).u8(stateError).u8(serviceError);
    if (serviceError == INVOCATION_COUNTER_ERROR) {
      w.u32(invocationCounter);
    }
    return w.toByteArray();
  }

  public static ExceptionResponse decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    r.u8("APDU tag");
    int state = r.u8("state-error");
    int service = r.u8("service-error");
    long counter = service == INVOCATION_COUNTER_ERROR ? r.u32("invocation counter") : 0;
    Descriptors.expectEnd(r, "ExceptionResponse");
    return new ExceptionResponse(state, service, counter);
  }
}
