package org.urja.protocol.server;

import java.security.MessageDigest;
import java.util.Optional;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ConfirmedServiceError;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.apdu.InitiateResponse;

/**
 * Decides an AARQ: context, authentication, then the xDLMS InitiateRequest, in the order the Green
 * Book's association state machine checks them. Pure, so the rules are tested without Netty.
 */
final class AssociationAcceptor {
  /** The smallest PDU the standard lets a client announce. */
  static final int MIN_PDU = 12;

  /** The outcome: the AARE to send and, when accepted, what was negotiated. */
  record Decision(Aare aare, Optional<Negotiated> negotiated) {}

  /** What the association runs with: conformance and the most the client can receive at once. */
  record Negotiated(Conformance conformance, int clientMaxReceivePduSize) {}

  private final ServerSettings settings;

  AssociationAcceptor(ServerSettings settings) {
    this.settings = settings;
  }

  Decision decide(Aarq aarq, int clientWPort) {
    if (!Aarq.LN_NO_CIPHERING.equals(aarq.applicationContextName())) {
      return reject(Aare.DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED, Optional.empty());
    }
    Optional<String> mechanism = aarq.mechanismName().filter(m -> !Aarq.LOWEST_LEVEL_SECURITY.equals(m));
    if (mechanism.isPresent() && !Aarq.LOW_LEVEL_SECURITY.equals(mechanism.get())) {
      return reject(Aare.DIAG_MECHANISM_NAME_NOT_RECOGNISED, Optional.empty());
    }
    Optional<byte[]> password = settings.passwordBytes(clientWPort);
    if (password.isPresent()) {
      if (mechanism.isEmpty()) {
        return reject(Aare.DIAG_MECHANISM_NAME_REQUIRED, Optional.empty());
      }
      byte[] given = aarq.callingAuthenticationValue().orElse(new byte[0]);
      if (!MessageDigest.isEqual(password.get(), given)) {
        return reject(Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty());
      }
    }
    InitiateRequest init = aarq.initiateRequest();
    if (init.dlmsVersion() < InitiateRequest.DLMS_VERSION) {
      return reject(
          Aare.DIAG_NO_REASON_GIVEN,
          initiateError(ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW));
    }
    Conformance agreed = init.conformance().and(settings.conformance());
    if (!agreed.has(Conformance.GET)
        && !agreed.has(Conformance.SET)
        && !agreed.has(Conformance.ACTION)) {
      return reject(
          Aare.DIAG_NO_REASON_GIVEN,
          initiateError(ConfirmedServiceError.INITIATE_INCOMPATIBLE_CONFORMANCE));
    }
    // 0 announces no limit of the client's own
    int clientMax = init.clientMaxReceivePduSize() == 0 ? 0xFFFF : init.clientMaxReceivePduSize();
    if (clientMax < MIN_PDU) {
      return reject(
          Aare.DIAG_NO_REASON_GIVEN,
          initiateError(ConfirmedServiceError.INITIATE_PDU_SIZE_TOO_SHORT));
    }
    Aare aare =
        Aare.accepted(
            Aarq.LN_NO_CIPHERING, InitiateResponse.of(agreed, settings.serverMaxReceivePduSize()));
    return new Decision(aare, Optional.of(new Negotiated(agreed, clientMax)));
  }

  /** For an AARQ that could not even be decoded. */
  static Decision rejectUnreadable(boolean ciphered) {
    return reject(
        ciphered ? Aare.DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED : Aare.DIAG_NO_REASON_GIVEN,
        Optional.empty());
  }

  private static Optional<ConfirmedServiceError> initiateError(int reason) {
    return Optional.of(ConfirmedServiceError.initiate(reason));
  }

  private static Decision reject(int diagnostic, Optional<ConfirmedServiceError> error) {
    return new Decision(Aare.rejected(Aarq.LN_NO_CIPHERING, diagnostic, error), Optional.empty());
  }
}
