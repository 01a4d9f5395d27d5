package org.urja.protocol.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AssociationApduTest {
  // DLMS UA 1000-2 (Green Book), encoding example of an AARQ for LN referencing, lowest-level
  // security, proposing conformance 00 7E 1F and a client max receive PDU size of 1200.
  static final String GREEN_BOOK_AARQ_LOWEST =
      "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04"
          + " B0";
  // Green Book, the same AARQ with low-level security and the password "12345678".
  static final String GREEN_BOOK_AARQ_LLS =
      "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01"
          + " AC 0A 80 08 31 32 33 34 35 36 37 38"
          + " BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
  // Green Book, the AARE accepting it: conformance 00 50 1F, server max receive PDU 500, vaa-name
  // 7.
  static final String GREEN_BOOK_AARE =
      "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00"
          + " BE 10 04 0E 08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07";

  @Test
  void theGreenBookAarqDecodesToLnReferencingWithoutAuthentication() {
    Aarq aarq = Aarq.decode(Hex.bytes(GREEN_BOOK_AARQ_LOWEST));

    assertThat(aarq.applicationContextName()).isEqualTo(Aarq.LN_NO_CIPHERING);
    assertThat(aarq.mechanismName()).isEmpty();
    InitiateRequest init = aarq.initiateRequest();
    assertThat(init.dlmsVersion()).isEqualTo(6);
    assertThat(init.clientMaxReceivePduSize()).isEqualTo(1200);
    assertThat(init.responseAllowed()).isTrue();
    assertThat(init.conformance().bits()).isEqualTo(0x007E1F);
    assertThat(init.conformance().has(Conformance.BLOCK_TRANSFER_WITH_GET)).isTrue();
    assertThat(init.conformance().has(Conformance.SELECTIVE_ACCESS)).isTrue();
    assertThat(init.conformance().has(Conformance.GENERAL_PROTECTION)).isFalse();
  }

  @Test
  void anAarqBuiltForLowestSecurityIsByteForByteTheGreenBookExample() {
    Aarq aarq = Aarq.lowest(InitiateRequest.of(new Conformance(0x007E1F), 1200));
    assertThat(Hex.of(aarq.encode())).isEqualTo(GREEN_BOOK_AARQ_LOWEST);
  }

  @Test
  void aLowLevelSecurityAarqCarriesTheMechanismNameAndThePassword() {
    Aarq aarq = Aarq.decode(Hex.bytes(GREEN_BOOK_AARQ_LLS));

    assertThat(aarq.mechanismName()).contains(Aarq.LOW_LEVEL_SECURITY);
    assertThat(
            new String(aarq.callingAuthenticationValue().orElseThrow(), StandardCharsets.US_ASCII))
        .isEqualTo("12345678");
    Aarq rebuilt =
        Aarq.lowLevel(
            "12345678".getBytes(StandardCharsets.US_ASCII),
            InitiateRequest.of(new Conformance(0x007E1F), 1200));
    assertThat(Hex.of(rebuilt.encode())).isEqualTo(GREEN_BOOK_AARQ_LLS);
  }

  @Test
  void theGreenBookAareIsAnAcceptanceWithAnInitiateResponse() {
    Aare aare = Aare.decode(Hex.bytes(GREEN_BOOK_AARE));

    assertThat(aare.isAccepted()).isTrue();
    assertThat(aare.diagnosticSource()).isEqualTo(Aare.SOURCE_ACSE_SERVICE_USER);
    InitiateResponse init = aare.initiateResponse().orElseThrow();
    assertThat(init.serverMaxReceivePduSize()).isEqualTo(500);
    assertThat(init.vaaName()).isEqualTo(InitiateResponse.VAA_NAME_LN);
    assertThat(init.conformance().bits()).isEqualTo(0x00501F);
    assertThat(
            Hex.of(
                Aare.accepted(
                        Aarq.LN_NO_CIPHERING, InitiateResponse.of(new Conformance(0x00501F), 500))
                    .encode()))
        .isEqualTo(GREEN_BOOK_AARE);
  }

  @Test
  void aRejectionForAWrongPasswordRoundTripsWithItsDiagnostic() {
    Aare reject =
        Aare.rejected(Aarq.LN_NO_CIPHERING, Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty());
    byte[] bytes = reject.encode();

    assertThat(Hex.of(bytes))
        .isEqualTo("61 17 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 0D");
    Aare back = Aare.decode(bytes);
    assertThat(back.isAccepted()).isFalse();
    assertThat(back.result()).isEqualTo(Aare.REJECTED_PERMANENT);
    assertThat(back.diagnostic()).isEqualTo(Aare.DIAG_AUTHENTICATION_FAILURE);
  }

  @Test
  void aRejectionOfTheXdlmsPartCarriesAConfirmedServiceError() {
    Aare reject =
        Aare.rejected(
            Aarq.LN_NO_CIPHERING,
            Aare.DIAG_NO_REASON_GIVEN,
            Optional.of(
                ConfirmedServiceError.initiate(
                    ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW)));
    Aare back = Aare.decode(reject.encode());
    assertThat(back.initiateError()).contains(new ConfirmedServiceError(1, 6, 1));
    assertThat(Hex.of(back.initiateError().get().encode())).isEqualTo("0E 01 06 01");
  }

  @Test
  void aCipheredAarqFromAFieldCaptureIsRecognisedAsCipheredNotAsGarbage() {
    // An HPL meter's LLS AARQ with a glo-initiateRequest (0x21), posted on the Gurux forum
    // (gurux.fi/node/24607); the HDLC header, LLC bytes and FCS removed.
    String capture =
        "60 51 A1 09 06 07 60 85 74 05 08 01 03 A6 0A 04 08 48 50 4C 37 32 39 39 38 8A 02 07 80 8B"
            + " 07 60 85 74 05 08 02 01 AC 12 80 10 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31"
            + " BE 17 04 15 21 13 20 00 00 00 01 E9 C5 31 32 60 76 62 DC 7A 94 A6 14 39 BF";
    Aarq aarq = Aarq.decode(Hex.bytes(capture));

    assertThat(aarq.applicationContextName()).isEqualTo(Aarq.LN_WITH_CIPHERING);
    assertThat(new String(aarq.callingApTitle().orElseThrow(), StandardCharsets.US_ASCII))
        .isEqualTo("HPL72998");
    assertThat(aarq.mechanismName()).contains(Aarq.LOW_LEVEL_SECURITY);
    GloCiphered init = aarq.cipheredInitiate().orElseThrow();
    assertThat(init.tag()).isEqualTo(GloCiphered.GLO_INITIATE_REQUEST);
    // security control 0x20: encrypted but not authenticated, which this head-end never trusts
    assertThat(init.securedContent()[0]).isEqualTo((byte) 0x20);
    assertThat(Hex.of(aarq.encode())).isEqualTo(Hex.of(Hex.bytes(capture)));
  }

  @Test
  void theAarqJdlmsSendsIsUnderstood() {
    // Captured from jDLMS 1.7.1 (TcpConnectionBuilder, LLS, password 12345678) by
    // JdlmsInteropTest: it proposes conformance 00 FE 1D and no PDU limit of its own (FFFF).
    Aarq aarq =
        Aarq.decode(
            Hex.bytes(
                "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 AC"
                    + " 0A 80 08 31 32 33 34 35 36 37 38 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00"
                    + " FE 1D FF FF"));
    assertThat(aarq.mechanismName()).contains(Aarq.LOW_LEVEL_SECURITY);
    assertThat(aarq.initiateRequest().clientMaxReceivePduSize()).isEqualTo(0xFFFF);
    assertThat(aarq.initiateRequest().conformance().has(Conformance.BLOCK_TRANSFER_WITH_GET))
        .isTrue();
    assertThat(aarq.initiateRequest().conformance().has(Conformance.ACTION)).isTrue();
  }

  @Test
  void releaseRequestAndResponseCarryTheNormalReason() {
    assertThat(Hex.of(new Rlrq(Optional.of(Rlrq.NORMAL)).encode())).isEqualTo("62 03 80 01 00");
    assertThat(Rlrq.decode(Hex.bytes("62 03 80 01 00")).reason()).contains(0);
    assertThat(Rlre.decode(Hex.bytes("63 03 80 01 00")).reason()).contains(0);
    assertThat(Rlre.decode(Hex.bytes("63 00")).reason()).isEmpty();
    assertThat(CosemPdu.decode(Hex.bytes("63 03 80 01 00"))).isInstanceOf(Rlre.class);
  }

  @Test
  void anInitiateRequestWithADedicatedKeyAndQosRoundTrips() {
    InitiateRequest init =
        new InitiateRequest(
            Optional.of(new byte[] {1, 2, 3}),
            false,
            Optional.of(1),
            6,
            Conformance.SUPPORTED,
            256);
    InitiateRequest back = InitiateRequest.decode(init.encode());
    assertThat(back.dedicatedKey().orElseThrow()).containsExactly(1, 2, 3);
    assertThat(back.responseAllowed()).isFalse();
    assertThat(back.proposedQualityOfService()).contains(1);
    assertThat(back.conformance()).isEqualTo(Conformance.SUPPORTED);
    assertThat(back.clientMaxReceivePduSize()).isEqualTo(256);
  }
}
