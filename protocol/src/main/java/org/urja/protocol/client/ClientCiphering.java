package org.urja.protocol.client;

import java.security.SecureRandom;
import java.util.Optional;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.GloCiphered;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.apdu.InitiateResponse;
import org.urja.protocol.security.CipheringException;
import org.urja.protocol.security.SecuritySuite0;
import org.urja.protocol.security.SystemTitles;

/**
 * The head-end's half of one ciphered association: it makes the AARQ (client system title, the CtoS
 * challenge for HLS-GMAC, the glo-initiateRequest), learns the meter's system title from the AARE,
 * ciphers every request with a fresh invocation counter and verifies every response — including the
 * meter's frame counter — before anything in it is read. Used on the channel's event loop only.
 */
final class ClientCiphering {
  /** Green Book: an HLS challenge is 8 to 64 bytes; 16 random bytes are never guessed. */
  static final int CHALLENGE_BYTES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ClientSecurity security;

  /** LLS with ciphering: the password goes in the AARQ as it would without. */
  private final Optional<byte[]> llsPassword;

  private byte[] ctos;
  private byte[] meterSystemTitle;

  ClientCiphering(ClientSecurity security, Optional<byte[]> llsPassword) {
    this.security = security;
    this.llsPassword = llsPassword;
  }

  boolean hlsGmac() {
    return security.hlsGmac();
  }

  /** True once the meter's AARE has told who it is: requests are ciphered from then on. */
  boolean ready() {
    return meterSystemTitle != null;
  }

  Aarq aarq(InitiateRequest initiate) {
    meterSystemTitle = null;
    Optional<String> mechanism = llsPassword.map(p -> Aarq.LOW_LEVEL_SECURITY);
    Optional<byte[]> authenticationValue = llsPassword;
    if (security.hlsGmac()) {
      ctos = new byte[CHALLENGE_BYTES];
      RANDOM.nextBytes(ctos);
      mechanism = Optional.of(Aarq.HIGH_LEVEL_SECURITY_GMAC);
      authenticationValue = Optional.of(ctos);
    }
    GloCiphered init = new GloCiphered(GloCiphered.GLO_INITIATE_REQUEST, secure(initiate.encode()));
    return Aarq.ciphered(security.clientSystemTitle(), mechanism, authenticationValue, init);
  }

  /**
   * Reads an accepting AARE: the meter's system title, then its ciphered InitiateResponse.
   *
   * @throws CipheringException when the AARE is not ciphered as asked, or does not verify
   */
  InitiateResponse accept(Aare aare) {
    byte[] title =
        aare.respondingApTitle()
            .filter(t -> t.length == SecuritySuite0.SYSTEM_TITLE_BYTES)
            .orElseThrow(
                () ->
                    new CipheringException(
                        CipheringException.Reason.MALFORMED,
                        "the AARE has no 8-byte responding-AP-title"));
    GloCiphered init =
        aare.cipheredInitiate()
            .orElseThrow(
                () ->
                    new CipheringException(
                        CipheringException.Reason.MALFORMED,
                        "the AARE's InitiateResponse is not ciphered"));
    byte[] plain = open(init, title);
    meterSystemTitle = title;
    return InitiateResponse.decode(plain);
  }

  /** f(StoC) for pass 3, made with a fresh invocation counter. */
  byte[] answerChallenge(Aare aare) {
    byte[] stoc =
        aare.respondingAuthenticationValue()
            .filter(c -> c.length >= 8 && c.length <= 64)
            .orElseThrow(
                () ->
                    new CipheringException(
                        CipheringException.Reason.MALFORMED, "the AARE has no StoC challenge"));
    return SecuritySuite0.challengeResponse(
        security.clientSystemTitle(),
        security.invocationCounter().next(security.meterSerial()),
        security.ek(),
        security.ak(),
        stoc);
  }

  /**
   * Pass 4: the meter's f(CtoS). Its counter is not given to the replay guard: the tag covers this
   * association's fresh random CtoS, so it cannot be replayed, and meters number it inconsistently
   * (some reuse the counter of the APDU that carries it).
   */
  void verifyMetersAnswer(byte[] fCtoS) {
    SecuritySuite0.verifyChallengeResponse(
        fCtoS, meterSystemTitle, security.ek(), security.ak(), ctos);
  }

  /** A request as its glo- APDU, with an invocation counter never used before. */
  byte[] cipher(byte[] plain) {
    int tag =
        GloCiphered.gloTagFor(plain[0] & 0xFF)
            .orElseThrow(() -> new IllegalArgumentException("this APDU has no glo- form"));
    return new GloCiphered(tag, secure(plain)).encode();
  }

  /** Verifies a glo- response and returns the plain APDU it carries. */
  byte[] decipher(byte[] apdu) {
    if (!ready()) {
      throw new CipheringException(
          CipheringException.Reason.MALFORMED, "a ciphered APDU before the association");
    }
    return open(GloCiphered.decode(apdu), meterSystemTitle);
  }

  private byte[] secure(byte[] plain) {
    return SecuritySuite0.protect(
        SecuritySuite0.SC_AUTHENTICATED_ENCRYPTED,
        security.clientSystemTitle(),
        security.invocationCounter().next(security.meterSerial()),
        security.ek(),
        security.ak(),
        plain);
  }

  private byte[] open(GloCiphered glo, byte[] title) {
    SecuritySuite0.Unprotected u =
        SecuritySuite0.unprotect(glo.securedContent(), title, security.ek(), security.ak());
    if (!security
        .meterFrameCounters()
        .accept(security.meterSerial(), title, u.invocationCounter())) {
      throw new CipheringException(
          CipheringException.Reason.REPLAY,
          "meter "
              + security.meterSerial()
              + " ("
              + SystemTitles.format(title)
              + ") reused frame counter "
              + u.invocationCounter());
    }
    if (!GloCiphered.carries(glo.tag(), u.plaintext())) {
      throw new CipheringException(
          CipheringException.Reason.MALFORMED,
          "the ciphered APDU holds another service than its tag says");
    }
    return u.plaintext();
  }
}
