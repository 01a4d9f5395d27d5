package org.urja.protocol.server;

import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.apdu.ActionRequestNormal;
import org.urja.protocol.apdu.ActionResponseNormal;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.apdu.GloCiphered;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.security.CipheringException;
import org.urja.protocol.security.SecuritySuite0;

/**
 * The meter's half of one ciphered association: every glo- request is verified under the meter's
 * keys with the client's system title and an invocation counter above the last one accepted from
 * it; until an HLS-GMAC client has answered StoC, reply_to_HLS_authentication is all it may do; the
 * answer goes back in its glo- form with the meter's next frame counter. One per association, used
 * on its channel's event loop.
 */
final class CipheredSession {
  private static final Logger log = LoggerFactory.getLogger(CipheredSession.class);

  /** ExceptionResponse service-error deciphering-error. */
  static final int DECIPHERING_ERROR = 5;

  /** reply_to_HLS_authentication of the current association (class 15), pass 3 of HLS. */
  static final MethodRef REPLY_TO_HLS_AUTHENTICATION =
      new MethodRef(15, ObisCode.parse("0.0.40.0.0.255"), 1);

  private final StrictAssociations strict;
  private final AssociationAcceptor.Secured secured;
  private final CosemServerMetrics metrics;
  private boolean hlsPending;
  private boolean authenticationFailed;

  CipheredSession(
      StrictAssociations strict, AssociationAcceptor.Secured secured, CosemServerMetrics metrics) {
    this.strict = strict;
    this.secured = secured;
    this.metrics = metrics;
    this.hlsPending = secured.hls().isPresent();
  }

  /** True once the client failed HLS pass 3: the association must end. */
  boolean authenticationFailed() {
    return authenticationFailed;
  }

  /**
   * The encoded answer to {@code glo}: {@code serve} answers a verified plain request, {@code
   * malformed} one that does not decode.
   */
  byte[] answer(
      GloCiphered glo, Function<CosemPdu, CosemPdu> serve, Function<byte[], CosemPdu> malformed) {
    byte[] clientTitle = secured.clientSystemTitle();
    SecuritySuite0.Unprotected u;
    try {
      u = SecuritySuite0.unprotect(glo.securedContent(), clientTitle, ek(), ak());
    } catch (CipheringException e) {
      metrics.malformed();
      log.info("ciphered request refused: {}", e.getMessage());
      return ExceptionResponse.of(ExceptionResponse.SERVICE_NOT_ALLOWED, DECIPHERING_ERROR)
          .encode();
    }
    if (!strict.acceptClientCounter(clientTitle, u.invocationCounter())) {
      log.info("replayed invocation counter {} refused", u.invocationCounter());
      return new ExceptionResponse(
              ExceptionResponse.SERVICE_NOT_ALLOWED,
              ExceptionResponse.INVOCATION_COUNTER_ERROR,
              strict.lastClientCounter(clientTitle) + 1)
          .encode();
    }
    CosemPdu request;
    try {
      if (!GloCiphered.carries(glo.tag(), u.plaintext())) {
        throw new AxdrException("the glo- tag does not match the APDU inside");
      }
      request = CosemPdu.decode(u.plaintext());
    } catch (AxdrException e) {
      metrics.malformed();
      return malformed.apply(u.plaintext()).encode();
    }
    byte[] plain = (hlsPending ? replyToHls(request) : serve.apply(request)).encode();
    Optional<Integer> gloTag = GloCiphered.gloTagFor(plain[0] & 0xFF);
    if (gloTag.isEmpty()) {
      return plain; // an ExceptionResponse has no glo- form
    }
    byte[] securedAnswer =
        SecuritySuite0.protect(
            SecuritySuite0.SC_AUTHENTICATED_ENCRYPTED,
            strict.systemTitle(),
            strict.nextFrameCounter(),
            ek(),
            ak(),
            plain);
    return new GloCiphered(gloTag.get(), securedAnswer).encode();
  }

  private CosemPdu replyToHls(CosemPdu pdu) {
    if (!(pdu instanceof ActionRequestNormal a)
        || !a.method().equals(REPLY_TO_HLS_AUTHENTICATION)) {
      return ExceptionResponse.of(
          ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OPERATION_NOT_POSSIBLE);
    }
    AssociationAcceptor.Challenges c = secured.hls().orElseThrow();
    try {
      byte[] fStoC =
          a.parameters().orElse(null) instanceof DlmsData.Octets o ? o.value() : new byte[0];
      SecuritySuite0.verifyChallengeResponse(
          fStoC, secured.clientSystemTitle(), ek(), ak(), c.stoc());
    } catch (CipheringException e) {
      metrics.associationRejected();
      log.info("HLS-GMAC: the client's answer to the challenge does not verify");
      authenticationFailed = true;
      return ActionResponseNormal.of(
          a.invokeIdAndPriority(), ActionResult.READ_WRITE_DENIED, Optional.empty());
    }
    hlsPending = false;
    byte[] fCtoS =
        SecuritySuite0.challengeResponse(
            strict.systemTitle(), strict.nextFrameCounter(), ek(), ak(), c.ctos());
    return ActionResponseNormal.of(
        a.invokeIdAndPriority(), ActionResult.SUCCESS, Optional.of(DlmsData.octets(fCtoS)));
  }

  private byte[] ek() {
    return strict.secrets().encryptionKey().orElseThrow();
  }

  private byte[] ak() {
    return strict.secrets().authenticationKey().orElseThrow();
  }
}
