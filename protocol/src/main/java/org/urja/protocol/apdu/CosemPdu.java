package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrException;

/**
 * An APDU of the COSEM application layer: ACSE (AARQ, AARE, RLRQ, RLRE) in BER, xDLMS in A-XDR.
 * {@link #decode} looks at the tag and the service choice to pick the record.
 */
public sealed interface CosemPdu
    permits Aarq,
        Aare,
        Rlrq,
        Rlre,
        InitiateRequest,
        InitiateResponse,
        GetRequestNormal,
        GetRequestNext,
        GetResponseNormal,
        GetResponseWithDatablock,
        SetRequestNormal,
        SetResponseNormal,
        ActionRequestNormal,
        ActionResponseNormal,
        ExceptionResponse,
        ConfirmedServiceError,
        DataNotification,
        GloCiphered,
        GeneralGloCiphering {

  byte[] encode();

  /**
   * @throws UnsupportedServiceException for a well-formed APDU of a service this head-end does not
   *     offer
   * @throws AxdrException for bytes that are not a valid APDU
   */
  static CosemPdu decode(byte[] apdu) {
    try {
      return decodeByTag(apdu);
    } catch (AxdrException e) {
      throw e;
    } catch (RuntimeException e) {
      // a value a record refuses (say an empty authentication value) is still a malformed APDU
      throw new AxdrException("malformed APDU: " + e.getMessage());
    }
  }

  private static CosemPdu decodeByTag(byte[] apdu) {
    if (apdu.length == 0) {
      throw new AxdrException("empty APDU");
    }
    int tag = apdu[0] & 0xFF;
    int choice = apdu.length > 1 ? apdu[1] & 0xFF : -1;
    return switch (tag) {
      case Aarq.TAG -> Aarq.decode(apdu);
      case Aare.TAG -> Aare.decode(apdu);
      case Rlrq.TAG -> Rlrq.decode(apdu);
      case Rlre.TAG -> Rlre.decode(apdu);
      case GetRequestNormal.TAG ->
          switch (choice) {
            case GetRequestNormal.CHOICE -> GetRequestNormal.decode(apdu);
            case GetRequestNext.CHOICE -> GetRequestNext.decode(apdu);
            default -> throw unsupported(tag, choice);
          };
      case GetResponseNormal.TAG ->
          switch (choice) {
            case GetResponseNormal.CHOICE -> GetResponseNormal.decode(apdu);
            case GetResponseWithDatablock.CHOICE -> GetResponseWithDatablock.decode(apdu);
            default -> throw unsupported(tag, choice);
          };
      case SetRequestNormal.TAG ->
          choice == SetRequestNormal.CHOICE
              ? SetRequestNormal.decode(apdu)
              : throwUnsupported(tag, choice);
      case SetResponseNormal.TAG ->
          choice == SetResponseNormal.CHOICE
              ? SetResponseNormal.decode(apdu)
              : throwUnsupported(tag, choice);
      case ActionRequestNormal.TAG ->
          choice == ActionRequestNormal.CHOICE
              ? ActionRequestNormal.decode(apdu)
              : throwUnsupported(tag, choice);
      case ActionResponseNormal.TAG ->
          choice == ActionResponseNormal.CHOICE
              ? ActionResponseNormal.decode(apdu)
              : throwUnsupported(tag, choice);
      case ExceptionResponse.TAG -> ExceptionResponse.decode(apdu);
      case ConfirmedServiceError.TAG -> ConfirmedServiceError.decode(apdu);
      case DataNotification.TAG -> DataNotification.decode(apdu);
      case InitiateRequest.TAG -> InitiateRequest.decode(apdu);
      case InitiateResponse.TAG -> InitiateResponse.decode(apdu);
      case GeneralGloCiphering.TAG -> GeneralGloCiphering.decode(apdu);
      default ->
          GloCiphered.isGloTag(tag) ? GloCiphered.decode(apdu) : throwUnsupported(tag, choice);
    };
  }

  private static UnsupportedServiceException unsupported(int tag, int choice) {
    return new UnsupportedServiceException(
        tag,
        String.format("APDU %02X %02X is not a service this stack implements", tag, choice & 0xFF));
  }

  private static CosemPdu throwUnsupported(int tag, int choice) {
    throw unsupported(tag, choice);
  }
}
