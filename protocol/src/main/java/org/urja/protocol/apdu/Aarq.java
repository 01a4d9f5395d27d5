package org.urja.protocol.apdu;

import java.util.Optional;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrWriter;

/**
 * ACSE A-ASSOCIATE request (AARQ, BER tag 0x60). Only the fields a DLMS client uses are kept;
 * others (protocol-version, called/calling AE qualifiers, implementation info) are skipped when
 * decoding. The xDLMS InitiateRequest travels in user-information, in plain or, when the context is
 * LN with ciphering, as a glo-initiateRequest ({@link #cipheredInitiate}).
 *
 * <p>Invariant: exactly one of {@link #initiateRequest} (null when ciphered) and {@link
 * #cipheredInitiate} is present.
 */
public record Aarq(
    String applicationContextName,
    Optional<byte[]> callingApTitle,
    Optional<String> mechanismName,
    Optional<byte[]> callingAuthenticationValue,
    InitiateRequest initiateRequest,
    Optional<GloCiphered> cipheredInitiate)
    implements CosemPdu {
  public static final int TAG = 0x60;

  /** High-level security, mechanism 5: GMAC over the challenges (suite 0). */
  public static final String HIGH_LEVEL_SECURITY_GMAC = "2.16.756.5.8.2.5";

  public Aarq {
    if ((initiateRequest == null) == cipheredInitiate.isEmpty()) {
      throw new IllegalArgumentException(
          "an AARQ carries either a plain or a ciphered InitiateRequest");
    }
    cipheredInitiate.ifPresent(
        g -> {
          if (g.tag() != GloCiphered.GLO_INITIATE_REQUEST) {
            throw new IllegalArgumentException("user-information is not a glo-initiateRequest");
          }
        });
  }

  public Aarq(
      String applicationContextName,
      Optional<byte[]> callingApTitle,
      Optional<String> mechanismName,
      Optional<byte[]> callingAuthenticationValue,
      InitiateRequest initiateRequest) {
    this(
        applicationContextName,
        callingApTitle,
        mechanismName,
        callingAuthenticationValue,
        initiateRequest,
        Optional.empty());
  }

  /**
   * LN with ciphering: the client's system title, optionally a mechanism and its authentication
   * value (the CtoS challenge for HLS), and the ciphered InitiateRequest.
   */
  public static Aarq ciphered(
      byte[] clientSystemTitle,
      Optional<String> mechanism,
      Optional<byte[]> authenticationValue,
      GloCiphered initiate) {
    return new Aarq(
        LN_WITH_CIPHERING,
        Optional.of(clientSystemTitle.clone()),
        mechanism,
        authenticationValue.map(byte[]::clone),
        null,
        Optional.of(initiate));
  }

  /** Logical name referencing, no ciphering. */
  public static final String LN_NO_CIPHERING = "2.16.756.5.8.1.1";

  public static final String LN_WITH_CIPHERING = "2.16.756.5.8.1.3";

  /** Low-level security: a password in calling-authentication-value. */
  public static final String LOW_LEVEL_SECURITY = "2.16.756.5.8.2.1";

  /** Lowest-level security named explicitly, as jDLMS does when it authenticates with nothing. */
  public static final String LOWEST_LEVEL_SECURITY = "2.16.756.5.8.2.0";

  /** Lowest-level security: no authentication at all. */
  public static Aarq lowest(InitiateRequest initiate) {
    return new Aarq(
        LN_NO_CIPHERING, Optional.empty(), Optional.empty(), Optional.empty(), initiate);
  }

  public static Aarq lowLevel(byte[] password, InitiateRequest initiate) {
    return new Aarq(
        LN_NO_CIPHERING,
        Optional.empty(),
        Optional.of(LOW_LEVEL_SECURITY),
        Optional.of(password.clone()),
        initiate);
  }

  @Override
  public byte[] encode() {
    AxdrWriter body = new AxdrWriter(64);
    Ber.write(body, 0xA1, Ber.tlv(0x06, Oid.encode(applicationContextName)));
    callingApTitle.ifPresent(t -> Ber.write(body, 0xA6, Ber.tlv(0x04, t)));
    if (mechanismName.isPresent()) {
      // sender-acse-requirements: BIT STRING with the authentication functional unit set
      Ber.write(body, 0x8A, new byte[] {0x07, (byte) 0x80});
      Ber.write(body, 0x8B, Oid.encode(mechanismName.get()));
    }
    callingAuthenticationValue.ifPresent(v -> Ber.write(body, 0xAC, Ber.tlv(0x80, v)));
    byte[] userInformation =
        cipheredInitiate.isPresent() ? cipheredInitiate.get().encode() : initiateRequest.encode();
    Ber.write(body, 0xBE, Ber.tlv(0x04, userInformation));
    AxdrWriter w = new AxdrWriter(body.size() + 4);
    Ber.write(w, TAG, body.toByteArray());
    return w.toByteArray();
  }

  public static Aarq decode(byte[] apdu) {
    String context = null;
    Optional<byte[]> apTitle = Optional.empty();
    Optional<String> mechanism = Optional.empty();
    Optional<byte[]> authValue = Optional.empty();
    InitiateRequest initiate = null;
    Optional<GloCiphered> ciphered = Optional.empty();
    for (Ber.Tlv f : Ber.readAll(Ber.unwrap(apdu, TAG, "AARQ"))) {
      switch (f.tag()) {
        case 0xA1 -> context = Oid.decode(single(f, 0x06, "application-context-name"));
        case 0xA6 -> apTitle = Optional.of(single(f, 0x04, "calling-AP-title"));
        case 0x8B -> mechanism = Optional.of(Oid.decode(f.value()));
        case 0xAC -> authValue = Optional.of(authenticationValue(f));
        case 0xBE -> {
          byte[] xdlms = Ber.userInformation(f.value());
          if (xdlms.length > 0 && (xdlms[0] & 0xFF) == GloCiphered.GLO_INITIATE_REQUEST) {
            ciphered = Optional.of(GloCiphered.decode(xdlms));
            initiate = null;
          } else {
            initiate = InitiateRequest.decode(xdlms);
            ciphered = Optional.empty();
          }
        }
        default -> {
          // protocol-version, AE qualifiers, acse-requirements, implementation-information
        }
      }
    }
    if (context == null) {
      throw new AxdrException("AARQ without application-context-name");
    }
    if (initiate == null && ciphered.isEmpty()) {
      throw new AxdrException("AARQ without user-information (xDLMS InitiateRequest)");
    }
    return new Aarq(context, apTitle, mechanism, authValue, initiate, ciphered);
  }

  /**
   * Authentication-value ::= CHOICE { charstring [0], bitstring [1], ... }: the octets of either.
   */
  static byte[] authenticationValue(Ber.Tlv field) {
    var inner = Ber.readAll(field.value());
    if (inner.size() != 1) {
      throw new AxdrException("calling-authentication-value is malformed");
    }
    return inner.get(0).value();
  }

  static byte[] single(Ber.Tlv field, int innerTag, String what) {
    var inner = Ber.readAll(field.value());
    if (inner.size() != 1 || inner.get(0).tag() != innerTag) {
      throw new AxdrException(what + " is malformed");
    }
    return inner.get(0).value();
  }
}
