package org.urja.protocol.apdu;

import java.util.List;
import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * ACSE A-ASSOCIATE response (AARE, BER tag 0x61): result (0 accepted, 1 rejected-permanent, 2
 * rejected-transient), result-source-diagnostic (acse-service-user [1] or acse-service-provider [2]
 * with a diagnostic) and user-information carrying the xDLMS InitiateResponse, or a
 * ConfirmedServiceError when the xDLMS part was refused.
 */
public record Aare(
    String applicationContextName,
    int result,
    int diagnosticSource,
    int diagnostic,
    Optional<InitiateResponse> initiateResponse,
    Optional<ConfirmedServiceError> initiateError,
    Optional<byte[]> respondingApTitle,
    Optional<String> mechanismName,
    Optional<byte[]> respondingAuthenticationValue,
    Optional<GloCiphered> cipheredInitiate)
    implements CosemPdu {
  public static final int TAG = 0x61;
  public static final int ACCEPTED = 0;
  public static final int REJECTED_PERMANENT = 1;
  public static final int REJECTED_TRANSIENT = 2;
  public static final int SOURCE_ACSE_SERVICE_USER = 1;
  public static final int SOURCE_ACSE_SERVICE_PROVIDER = 2;
  // acse-service-user diagnostics
  public static final int DIAG_NULL = 0;
  public static final int DIAG_NO_REASON_GIVEN = 1;
  public static final int DIAG_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2;
  public static final int DIAG_MECHANISM_NAME_NOT_RECOGNISED = 11;
  public static final int DIAG_MECHANISM_NAME_REQUIRED = 12;
  public static final int DIAG_AUTHENTICATION_FAILURE = 13;
  public static final int DIAG_AUTHENTICATION_REQUIRED = 14;

  public Aare(
      String applicationContextName,
      int result,
      int diagnosticSource,
      int diagnostic,
      Optional<InitiateResponse> initiateResponse,
      Optional<ConfirmedServiceError> initiateError) {
    this(
        applicationContextName,
        result,
        diagnosticSource,
        diagnostic,
        initiateResponse,
        initiateError,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Accepted with ciphering: the meter's system title, the ciphered InitiateResponse and, for HLS,
   * the mechanism with the StoC challenge and diagnostic authentication-required (the association
   * is usable once the client has answered the challenge).
   */
  public static Aare acceptedCiphered(
      byte[] serverSystemTitle,
      Optional<String> mechanism,
      Optional<byte[]> stoc,
      GloCiphered initiate) {
    return new Aare(
        Aarq.LN_WITH_CIPHERING,
        ACCEPTED,
        SOURCE_ACSE_SERVICE_USER,
        stoc.isPresent() ? DIAG_AUTHENTICATION_REQUIRED : DIAG_NULL,
        Optional.empty(),
        Optional.empty(),
        Optional.of(serverSystemTitle.clone()),
        mechanism,
        stoc.map(byte[]::clone),
        Optional.of(initiate));
  }

  public static Aare accepted(String context, InitiateResponse initiate) {
    return new Aare(
        context,
        ACCEPTED,
        SOURCE_ACSE_SERVICE_USER,
        DIAG_NULL,
        Optional.of(initiate),
        Optional.empty());
  }

  public static Aare rejected(
      String context, int diagnostic, Optional<ConfirmedServiceError> initiateError) {
    return new Aare(
        context,
        REJECTED_PERMANENT,
        SOURCE_ACSE_SERVICE_USER,
        diagnostic,
        Optional.empty(),
        initiateError);
  }

  public boolean isAccepted() {
    return result == ACCEPTED;
  }

  @Override
  public byte[] encode() {
    AxdrWriter body = new AxdrWriter(64);
    Ber.write(body, 0xA1, Ber.tlv(0x06, Oid.encode(applicationContextName)));
    Ber.write(body, 0xA2, Ber.smallInteger(result));
    Ber.write(body, 0xA3, Ber.tlv(0xA0 | diagnosticSource, Ber.smallInteger(diagnostic)));
    respondingApTitle.ifPresent(t -> Ber.write(body, 0xA4, Ber.tlv(0x04, t)));
    if (mechanismName.isPresent()) {
      // responder-acse-requirements: BIT STRING with the authentication functional unit set
      Ber.write(body, 0x88, new byte[] {0x07, (byte) 0x80});
      Ber.write(body, 0x89, Oid.encode(mechanismName.get()));
    }
    respondingAuthenticationValue.ifPresent(v -> Ber.write(body, 0xAA, Ber.tlv(0x80, v)));
    cipheredInitiate.ifPresent(g -> Ber.write(body, 0xBE, Ber.tlv(0x04, g.encode())));
    initiateResponse.ifPresent(i -> Ber.write(body, 0xBE, Ber.tlv(0x04, i.encode())));
    initiateError.ifPresent(e -> Ber.write(body, 0xBE, Ber.tlv(0x04, e.encode())));
    AxdrWriter w = new AxdrWriter(body.size() + 4);
    Ber.write(w, TAG, body.toByteArray());
    return w.toByteArray();
  }

  public static Aare decode(byte[] apdu) {
    String context = null;
    Integer result = null;
    int source = SOURCE_ACSE_SERVICE_USER;
    int diagnostic = DIAG_NULL;
    Optional<InitiateResponse> initiate = Optional.empty();
    Optional<ConfirmedServiceError> error = Optional.empty();
    Optional<byte[]> apTitle = Optional.empty();
    Optional<String> mechanism = Optional.empty();
    Optional<byte[]> authValue = Optional.empty();
    Optional<GloCiphered> ciphered = Optional.empty();
    for (Ber.Tlv f : Ber.readAll(Ber.unwrap(apdu, TAG, "AARE"))) {
      switch (f.tag()) {
        case 0xA1 -> context = Oid.decode(Aarq.single(f, 0x06, "application-context-name"));
        case 0xA2 -> result = Ber.readSmallInteger(f.value(), "association result");
        case 0xA3 -> {
          List<Ber.Tlv> choice = Ber.readAll(f.value());
          if (choice.size() != 1) {
            throw new AxdrException("result-source-diagnostic is malformed");
          }
          source = choice.get(0).tag() & 0x1F;
          diagnostic = Ber.readSmallInteger(choice.get(0).value(), "diagnostic");
        }
        case 0xBE -> {
          byte[] xdlms = Ber.userInformation(f.value());
          if (xdlms.length > 0 && (xdlms[0] & 0xFF) == GloCiphered.GLO_INITIATE_RESPONSE) {
            ciphered = Optional.of(GloCiphered.decode(xdlms));
          } else if (xdlms.length > 0 && (xdlms[0] & 0xFF) == ConfirmedServiceError.TAG) {
            error = Optional.of(ConfirmedServiceError.decode(xdlms));
          } else {
            initiate = Optional.of(InitiateResponse.decode(xdlms));
          }
        }
        case 0xA4 -> apTitle = Optional.of(Aarq.single(f, 0x04, "responding-AP-title"));
        case 0x89 -> mechanism = Optional.of(Oid.decode(f.value()));
        case 0xAA -> authValue = Optional.of(Aarq.authenticationValue(f));
        default -> {
          // responder acse-requirements, AE qualifiers, implementation information
        }
      }
    }
    if (context == null || result == null) {
      throw new AxdrException("AARE without application-context-name or result");
    }
    return new Aare(
        context,
        result,
        source,
        diagnostic,
        initiate,
        error,
        apTitle,
        mechanism,
        authValue,
        ciphered);
  }
}
