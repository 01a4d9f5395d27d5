package org.urja.protocol.server;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ConfirmedServiceError;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.GloCiphered;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.apdu.InitiateResponse;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.CipheringException;
import org.urja.protocol.security.SecuritySuite0;

/**
 * Decides an AARQ: context, authentication, then the xDLMS InitiateRequest, in the order the Green
 * Book's association state machine checks them. Pure, so the rules are tested without Netty.
 */
final class AssociationAcceptor {
  /** The smallest PDU the standard lets a client announce. */
  static final int MIN_PDU = 12;

  /** The outcome: the AARE to send and, when accepted, what was negotiated. */
  record Decision(Aare aare, Optional<Negotiated> negotiated) {}

  /**
   * What the association runs with: conformance, the most the client can receive at once and, on a
   * ciphered association, the client's system title and the HLS challenges still to be answered.
   */
  record Negotiated(
      Conformance conformance, int clientMaxReceivePduSize, Optional<Secured> secured) {
    Negotiated(Conformance conformance, int clientMaxReceivePduSize) {
      this(conformance, clientMaxReceivePduSize, Optional.empty());
    }
  }

  /** A ciphered association: whose title its APDUs carry and, for HLS-GMAC, both challenges. */
  record Secured(byte[] clientSystemTitle, Optional<Challenges> hls) {}

  /** CtoS from the AARQ, StoC sent in the AARE. */
  record Challenges(byte[] ctos, byte[] stoc) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int STOC_BYTES = 16;

  private final ServerSettings settings;

  AssociationAcceptor(ServerSettings settings) {
    this.settings = settings;
  }

  Decision decide(Aarq aarq, int clientWPort) {
    if (settings.strict().isPresent()) {
      return decideStrict(aarq, clientWPort, settings.strict().get());
    }
    if (aarq.initiateRequest() == null) {
      return reject(Aare.DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED, Optional.empty());
    }
    if (!Aarq.LN_NO_CIPHERING.equals(aarq.applicationContextName())) {
      return reject(Aare.DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED, Optional.empty());
    }
    Optional<String> mechanism =
        aarq.mechanismName().filter(m -> !Aarq.LOWEST_LEVEL_SECURITY.equals(m));
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
    return negotiate(aarq.initiateRequest(), settings.conformance()).accept(this::plainAare);
  }

  /**
   * An IS 15959-like meter: the client SAP must be listed, with its context, its mechanism and its
   * credentials; a ciphered client's glo-initiateRequest must verify under the meter's keys with an
   * invocation counter above the last one seen from that client system title.
   */
  private Decision decideStrict(Aarq aarq, int clientWPort, StrictAssociations strict) {
    ClientAccess access = strict.client(clientWPort);
    if (access == null) {
      return reject(Aare.DIAG_NO_REASON_GIVEN, Optional.empty());
    }
    String context = access.ciphered() ? Aarq.LN_WITH_CIPHERING : Aarq.LN_NO_CIPHERING;
    if (!context.equals(aarq.applicationContextName())) {
      return reject(Aare.DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED, Optional.empty());
    }
    Optional<String> mechanism =
        aarq.mechanismName().filter(m -> !Aarq.LOWEST_LEVEL_SECURITY.equals(m));
    String expected =
        switch (access.authentication()) {
          case NONE -> null;
          case LOW -> Aarq.LOW_LEVEL_SECURITY;
          case HIGH_GMAC -> Aarq.HIGH_LEVEL_SECURITY_GMAC;
        };
    if (expected == null && mechanism.isPresent()) {
      return reject(Aare.DIAG_MECHANISM_NAME_NOT_RECOGNISED, Optional.empty());
    }
    if (expected != null && mechanism.isEmpty()) {
      return reject(Aare.DIAG_MECHANISM_NAME_REQUIRED, Optional.empty());
    }
    if (expected != null && !expected.equals(mechanism.get())) {
      return reject(Aare.DIAG_MECHANISM_NAME_NOT_RECOGNISED, Optional.empty());
    }
    byte[] given = aarq.callingAuthenticationValue().orElse(new byte[0]);
    if (access.authentication() == AssociationSpec.Authentication.LOW
        && !MessageDigest.isEqual(strict.secrets().llsPassword().orElseThrow(), given)) {
      return reject(Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty());
    }
    if (access.authentication() == AssociationSpec.Authentication.HIGH_GMAC
        && (given.length < 8 || given.length > 64)) {
      return reject(Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty());
    }
    if (!access.ciphered()) {
      if (aarq.initiateRequest() == null) {
        return reject(Aare.DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED, Optional.empty());
      }
      Conformance offer = settings.conformance().and(access.conformance());
      return negotiate(aarq.initiateRequest(), offer).accept(this::plainAare);
    }
    return decideCiphered(aarq, access, strict, given);
  }

  private Decision decideCiphered(
      Aarq aarq, ClientAccess access, StrictAssociations strict, byte[] ctos) {
    Optional<byte[]> clientTitle =
        aarq.callingApTitle().filter(t -> t.length == SecuritySuite0.SYSTEM_TITLE_BYTES);
    if (clientTitle.isEmpty() || aarq.cipheredInitiate().isEmpty()) {
      return reject(Aare.DIAG_NO_REASON_GIVEN, Optional.empty());
    }
    byte[] ek = strict.secrets().encryptionKey().orElseThrow();
    byte[] ak = strict.secrets().authenticationKey().orElseThrow();
    InitiateRequest init;
    try {
      SecuritySuite0.Unprotected u =
          SecuritySuite0.unprotect(
              aarq.cipheredInitiate().get().securedContent(), clientTitle.get(), ek, ak);
      if (!GloCiphered.carries(GloCiphered.GLO_INITIATE_REQUEST, u.plaintext())
          || !strict.acceptClientCounter(clientTitle.get(), u.invocationCounter())) {
        return reject(Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty());
      }
      init = InitiateRequest.decode(u.plaintext());
    } catch (CipheringException | AxdrException e) {
      // a wrong key and an altered AARQ look the same: both fail the tag
      return reject(Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty());
    }
    Outcome outcome = negotiate(init, settings.conformance().and(access.conformance()));
    if (outcome.negotiated().isEmpty()) {
      return outcome.rejection();
    }
    Optional<Negotiated> plain = outcome.negotiated();
    boolean hls = access.authentication() == AssociationSpec.Authentication.HIGH_GMAC;
    Optional<Challenges> challenges = Optional.empty();
    if (hls) {
      byte[] stoc = new byte[STOC_BYTES];
      RANDOM.nextBytes(stoc);
      challenges = Optional.of(new Challenges(ctos.clone(), stoc));
    }
    byte[] response =
        InitiateResponse.of(plain.get().conformance(), settings.serverMaxReceivePduSize()).encode();
    GloCiphered gloResponse =
        new GloCiphered(
            GloCiphered.GLO_INITIATE_RESPONSE,
            SecuritySuite0.protect(
                SecuritySuite0.SC_AUTHENTICATED_ENCRYPTED,
                strict.systemTitle(),
                strict.nextFrameCounter(),
                ek,
                ak,
                response));
    Aare aare =
        Aare.acceptedCiphered(
            strict.systemTitle(),
            hls ? Optional.of(Aarq.HIGH_LEVEL_SECURITY_GMAC) : Optional.empty(),
            challenges.map(Challenges::stoc),
            gloResponse);
    Negotiated n =
        new Negotiated(
            plain.get().conformance(),
            plain.get().clientMaxReceivePduSize(),
            Optional.of(new Secured(clientTitle.get(), challenges)));
    return new Decision(aare, Optional.of(n));
  }

  /** Either what was negotiated or the rejection to send. */
  private record Outcome(Optional<Negotiated> negotiated, Decision rejection) {
    static Outcome of(Negotiated n) {
      return new Outcome(Optional.of(n), null);
    }

    static Outcome refused(Decision d) {
      return new Outcome(Optional.empty(), d);
    }

    Decision accept(java.util.function.Function<Negotiated, Aare> aare) {
      return negotiated.map(n -> new Decision(aare.apply(n), Optional.of(n))).orElse(rejection);
    }
  }

  /** The xDLMS checks: version, a conformance with at least one service, a usable PDU size. */
  private Outcome negotiate(InitiateRequest init, Conformance offer) {
    if (init.dlmsVersion() < InitiateRequest.DLMS_VERSION) {
      return Outcome.refused(
          reject(
              Aare.DIAG_NO_REASON_GIVEN,
              initiateError(ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW)));
    }
    Conformance agreed = init.conformance().and(offer);
    if (!agreed.has(Conformance.GET)
        && !agreed.has(Conformance.SET)
        && !agreed.has(Conformance.ACTION)) {
      return Outcome.refused(
          reject(
              Aare.DIAG_NO_REASON_GIVEN,
              initiateError(ConfirmedServiceError.INITIATE_INCOMPATIBLE_CONFORMANCE)));
    }
    // 0 announces no limit of the client's own
    int clientMax = init.clientMaxReceivePduSize() == 0 ? 0xFFFF : init.clientMaxReceivePduSize();
    if (clientMax < MIN_PDU) {
      return Outcome.refused(
          reject(
              Aare.DIAG_NO_REASON_GIVEN,
              initiateError(ConfirmedServiceError.INITIATE_PDU_SIZE_TOO_SHORT)));
    }
    return Outcome.of(new Negotiated(agreed, clientMax));
  }

  private Aare plainAare(Negotiated n) {
    return Aare.accepted(
        Aarq.LN_NO_CIPHERING,
        InitiateResponse.of(n.conformance(), settings.serverMaxReceivePduSize()));
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
