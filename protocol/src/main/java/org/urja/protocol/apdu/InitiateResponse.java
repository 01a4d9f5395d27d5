package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * xDLMS InitiateResponse (08), carried in the AARE's user-information: negotiated quality of
 * service OPTIONAL, negotiated dlms version, negotiated conformance, server-max-receive-pdu-size
 * and vaa-name (0x0007 for logical name referencing).
 */
public record InitiateResponse(
    Optional<Integer> negotiatedQualityOfService,
    int dlmsVersion,
    Conformance conformance,
    int serverMaxReceivePduSize,
    int vaaName)
    implements CosemPdu {
  public static final int TAG = 0x08;
  public static final int VAA_NAME_LN = 0x0007;

  public static InitiateResponse of(Conformance conformance, int serverMaxReceivePduSize) {
    return new InitiateResponse(
        Optional.empty(),
        InitiateRequest.DLMS_VERSION,
        conformance,
        serverMaxReceivePduSize,
        VAA_NAME_LN);
  }

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(16).u8(TAG);
    if (negotiatedQualityOfService.isPresent()) {
      w.u8(1).u8(negotiatedQualityOfService.get());
    } else {
      w.u8(0);
    }
    w.u8(dlmsVersion);
    conformance.write(w);
    return w.u16(serverMaxReceivePduSize).u16(vaaName).toByteArray();
  }

  public static InitiateResponse decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    int tag = r.u8("APDU tag");
    if (tag != TAG) {
      throw new UnsupportedServiceException(
          tag, "user-information is not an InitiateResponse: tag 0x" + Integer.toHexString(tag));
    }
    Optional<Integer> qos =
        Descriptors.presence(r, "negotiated-quality-of-service")
            ? Optional.of(r.u8("negotiated-quality-of-service"))
            : Optional.empty();
    InitiateResponse resp =
        new InitiateResponse(
            qos,
            r.u8("negotiated-dlms-version-number"),
            Conformance.read(r),
            r.u16("server-max-receive-pdu-size"),
            r.u16("vaa-name"));
    Descriptors.expectEnd(r, "InitiateResponse");
    return resp;
  }
}
