package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrReader;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * xDLMS InitiateRequest (01), carried in the AARQ's user-information: dedicated-key OPTIONAL,
 * response-allowed DEFAULT TRUE, proposed-quality-of-service OPTIONAL, proposed-dlms-version (6),
 * proposed-conformance, client-max-receive-pdu-size.
 */
public record InitiateRequest(
    Optional<byte[]> dedicatedKey,
    boolean responseAllowed,
    Optional<Integer> proposedQualityOfService,
    int dlmsVersion,
    Conformance conformance,
    int clientMaxReceivePduSize)
    implements CosemPdu {
  public static final int TAG = 0x01;
  public static final int DLMS_VERSION = 6;

  public static InitiateRequest of(Conformance conformance, int clientMaxReceivePduSize) {
    return new InitiateRequest(
        Optional.empty(),
        true,
        Optional.empty(),
        DLMS_VERSION,
        conformance,
        clientMaxReceivePduSize);
  }

  @Override
  public byte[] encode() {
    AxdrWriter w = new AxdrWriter(16).u8(TAG);
    if (dedicatedKey.isPresent()) {
      w.u8(1).length(dedicatedKey.get().length).bytes(dedicatedKey.get());
    } else {
      w.u8(0);
    }
    // DEFAULT TRUE: A-XDR writes 00 for the default and 01 then the value otherwise
    if (responseAllowed) {
      w.u8(0);
    } else {
      w.u8(1).u8(0);
    }
    if (proposedQualityOfService.isPresent()) {
      w.u8(1).u8(proposedQualityOfService.get());
    } else {
      w.u8(0);
    }
    w.u8(dlmsVersion);
    conformance.write(w);
    return w.u16(clientMaxReceivePduSize).toByteArray();
  }

  public static InitiateRequest decode(byte[] apdu) {
    AxdrReader r = new AxdrReader(apdu);
    int tag = r.u8("APDU tag");
    if (tag != TAG) {
      throw new UnsupportedServiceException(
          tag,
          "user-information is not a plain InitiateRequest: tag 0x" + Integer.toHexString(tag));
    }
    Optional<byte[]> key =
        Descriptors.presence(r, "dedicated-key")
            ? Optional.of(r.bytes(r.length("dedicated-key"), "dedicated-key"))
            : Optional.empty();
    boolean responseAllowed =
        !Descriptors.presence(r, "response-allowed") || r.u8("response-allowed") != 0;
    Optional<Integer> qos =
        Descriptors.presence(r, "proposed-quality-of-service")
            ? Optional.of(r.u8("proposed-quality-of-service"))
            : Optional.empty();
    int version = r.u8("proposed-dlms-version-number");
    Conformance conformance = Conformance.read(r);
    int maxPdu = r.u16("client-max-receive-pdu-size");
    if (r.hasRemaining()) {
      throw new AxdrException(r.remaining() + " byte(s) after the InitiateRequest");
    }
    return new InitiateRequest(key, responseAllowed, qos, version, conformance, maxPdu);
  }
}
