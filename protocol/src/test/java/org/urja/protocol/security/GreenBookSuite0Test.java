package org.urja.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.GloCiphered;

/**
 * Suite 0 against the worked examples of the DLMS UA Green Book (DLMS UA 1000-2 Ed. 8.1): the
 * authenticated and encrypted glo-initiateRequest of its ciphering example (9.2.7.2.4) and Table
 * 43, "HLS example using authentication-mechanism 5 with GMAC" (9.2.7.4). The same vectors are in
 * the test suites of independent DLMS stacks (Gurux's, and several open C and Go implementations),
 * which is how they were checked here. Keys, titles and counters are the book's, not secrets.
 */
class GreenBookSuite0Test {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final byte[] EK = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
  private static final byte[] AK = HEX.parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
  private static final byte[] SERVER_TITLE = HEX.parseHex("4D4D4D0000BC614E");
  private static final byte[] CLIENT_TITLE = HEX.parseHex("4D4D4D0000000001");

  /** The xDLMS InitiateRequest of the example, dedicated key 00112233445566778899AABBCCDDEEFF. */
  private static final byte[] INITIATE_REQUEST =
      HEX.parseHex("01011000112233445566778899AABBCCDDEEFF0000065F1F0400007E1F04B0");

  private static final String GLO_INITIATE_REQUEST =
      "21303001234567801302FF8A7874133D414CED25B42534D28DB0047720606B175BD52211BE6841DB204D39EE6FDB8E356855";

  @Test
  void theGreenBookInitiateRequestEncryptsToItsPublishedCiphertextAndTag() {
    byte[] secured =
        SecuritySuite0.protect(
            SecuritySuite0.SC_AUTHENTICATED_ENCRYPTED,
            SERVER_TITLE,
            0x01234567L,
            EK,
            AK,
            INITIATE_REQUEST);

    byte[] apdu = new GloCiphered(GloCiphered.GLO_INITIATE_REQUEST, secured).encode();

    assertThat(HEX.formatHex(apdu)).isEqualTo(GLO_INITIATE_REQUEST);
  }

  @Test
  void thePublishedCiphertextDecryptsToTheInitiateRequestWithItsCounter() {
    GloCiphered glo = GloCiphered.decode(HEX.parseHex(GLO_INITIATE_REQUEST));

    SecuritySuite0.Unprotected u =
        SecuritySuite0.unprotect(glo.securedContent(), SERVER_TITLE, EK, AK);

    assertThat(u.plaintext()).isEqualTo(INITIATE_REQUEST);
    assertThat(u.invocationCounter()).isEqualTo(0x01234567L);
    assertThat(u.securityControl()).isEqualTo(0x30);
  }

  @Test
  void oneFlippedCiphertextBitFailsTheTag() {
    byte[] secured = GloCiphered.decode(HEX.parseHex(GLO_INITIATE_REQUEST)).securedContent();
    secured[10] ^= 0x01;

    assertThatThrownBy(() -> SecuritySuite0.unprotect(secured, SERVER_TITLE, EK, AK))
        .isInstanceOfSatisfying(
            CipheringException.class,
            e -> assertThat(e.reason()).isEqualTo(CipheringException.Reason.BAD_TAG));
  }

  @Test
  void anotherAuthenticationKeyFailsTheTag() {
    byte[] secured = GloCiphered.decode(HEX.parseHex(GLO_INITIATE_REQUEST)).securedContent();
    byte[] otherAk = AK.clone();
    otherAk[0] ^= 0x01;

    assertThatThrownBy(() -> SecuritySuite0.unprotect(secured, SERVER_TITLE, EK, otherAk))
        .isInstanceOfSatisfying(
            CipheringException.class,
            e -> assertThat(e.reason()).isEqualTo(CipheringException.Reason.BAD_TAG));
  }

  @Test
  void theClientsAnswerToTheMetersChallengeIsTheOneInTable43() {
    byte[] stoc = HEX.parseHex("503677524A323146"); // "P6wRJ21F"

    byte[] f = SecuritySuite0.challengeResponse(CLIENT_TITLE, 1, EK, AK, stoc);

    assertThat(HEX.formatHex(f)).isEqualTo("10000000011A52FE7DD3E72748973C1E28");
  }

  @Test
  void theMetersAnswerToTheClientsChallengeFromTable43Verifies() {
    byte[] ctos = HEX.parseHex("4B35366956616759"); // "K56iVagY"
    byte[] fCtoS = HEX.parseHex("1001234567FE1466AFB3DBCD4F9389E2B7");

    long meterCounter = SecuritySuite0.verifyChallengeResponse(fCtoS, SERVER_TITLE, EK, AK, ctos);

    assertThat(meterCounter).isEqualTo(0x01234567L);
    assertThatThrownBy(
            () -> SecuritySuite0.verifyChallengeResponse(fCtoS, CLIENT_TITLE, EK, AK, ctos))
        .isInstanceOf(CipheringException.class);
  }

  @Test
  void anApduThatIsOnlyEncryptedIsNeverTrusted() {
    byte[] secured = GloCiphered.decode(HEX.parseHex(GLO_INITIATE_REQUEST)).securedContent();
    secured[0] = 0x20;

    assertThatThrownBy(() -> SecuritySuite0.unprotect(secured, SERVER_TITLE, EK, AK))
        .isInstanceOfSatisfying(
            CipheringException.class,
            e -> assertThat(e.reason()).isEqualTo(CipheringException.Reason.NOT_AUTHENTICATED));
  }

  @Test
  void anAuthenticatedOnlyApduKeepsItsPlaintextAndVerifies() {
    byte[] secured =
        SecuritySuite0.protect(
            SecuritySuite0.SC_AUTHENTICATED, SERVER_TITLE, 7, EK, AK, INITIATE_REQUEST);

    assertThat(SecuritySuite0.unprotect(secured, SERVER_TITLE, EK, AK).plaintext())
        .isEqualTo(INITIATE_REQUEST);
  }
}
