package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.MethodParameter;
import org.openmuc.jdlms.MethodResultCode;
import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.TcpConnectionBuilder;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.settings.client.ReferencingMethod;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.server.CosemServerListener;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.TestMeter;

/**
 * jDLMS 1.7.1, an independent DLMS/COSEM client, against Urja's strict IS 15959 server: HLS-GMAC
 * (mechanism 5) with suite-0 ciphering on the utility-settings association, the same EK and AK on
 * both sides. jDLMS makes the AARQ, the glo-initiateRequest, f(StoC) and every glo- request with
 * its own AES-GCM code, and checks our AARE, f(CtoS) and responses with it.
 */
class JdlmsHlsInteropTest {
  static final HexFormat HEX = HexFormat.of();
  static final byte[] METER_TITLE = HEX.parseHex("55524A0000000007");
  static final byte[] EK = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
  static final byte[] AK = HEX.parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
  static final MeterSecrets SECRETS =
      new MeterSecrets(
          Optional.of("reader-07".getBytes(StandardCharsets.US_ASCII)),
          Optional.empty(),
          Optional.of(EK),
          Optional.of(AK));
  static final ObisCode ENERGY = new ObisCode("1.0.1.8.0.255");
  static final ObisCode DISCONNECT_CONTROL = new ObisCode("0.0.96.3.10.255");

  CosemServerListener meter;

  @BeforeEach
  void listen() throws Exception {
    meter =
        CosemServerListener.bind(
            new InetSocketAddress("127.0.0.1", 0),
            TestMeter::new,
            ServerSettings.is15959(SECRETS, METER_TITLE));
  }

  @AfterEach
  void stop() {
    meter.close();
  }

  DlmsConnection jdlms(int clientSap, SecuritySuite suite) throws IOException {
    return new TcpConnectionBuilder(meter.localAddress().getAddress())
        .setPort(meter.localAddress().getPort())
        .useWrapper()
        .setClientId(clientSap)
        .setLogicalDeviceId(1)
        .setReferencingMethod(ReferencingMethod.LOGICAL)
        .setSystemTitle("JDL", 1)
        .setFrameCounter(1)
        .setResponseTimeout(10_000)
        .setSecuritySuite(suite)
        .build();
  }

  static SecuritySuite hlsGmac(byte[] ak) {
    return SecuritySuite.builder()
        .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
        .setEncryptionMechanism(SecuritySuite.EncryptionMechanism.AES_GCM_128)
        .setSecurityPolicy(SecuritySuite.SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
        .setGlobalUnicastEncryptionKey(EK)
        .setAuthenticationKey(ak)
        .build();
  }

  @Test
  void jdlmsAuthenticatesWithHlsGmacReadsCipheredAndSwitchesTheRelay() throws Exception {
    try (DlmsConnection c = jdlms(0x30, hlsGmac(AK))) {
      var energy = c.get(new AttributeAddress(3, ENERGY, 2));
      assertThat(energy.getResultCode()).isEqualTo(AccessResultCode.SUCCESS);
      assertThat(((Number) energy.getResultData().getValue()).longValue())
          .isEqualTo(TestMeter.ENERGY_WH);

      var disconnect =
          c.action(
              new MethodParameter(70, DISCONNECT_CONTROL, 1, DataObject.newInteger8Data((byte) 0)));
      assertThat(disconnect.getResultCode()).isEqualTo(MethodResultCode.SUCCESS);
      var output = c.get(new AttributeAddress(70, DISCONNECT_CONTROL, 2));
      assertThat((Boolean) output.getResultData().getValue()).isFalse();
    }
    assertThat(meter.metrics().associationsAccepted()).isEqualTo(1);
  }

  @Test
  void jdlmsWithAnotherAuthenticationKeyIsRefused() {
    byte[] otherAk = AK.clone();
    otherAk[15] ^= 0x01;

    assertThatThrownBy(() -> jdlms(0x30, hlsGmac(otherAk)).close()).isInstanceOf(IOException.class);
    assertThat(meter.metrics().associationsAccepted()).isZero();
  }

  @Test
  void jdlmsAsTheMeterReaderReadsWithItsPassword() throws Exception {
    SecuritySuite lls =
        SecuritySuite.builder()
            .setAuthenticationMechanism(AuthenticationMechanism.LOW)
            .setPassword(SECRETS.llsPassword().orElseThrow())
            .build();
    try (DlmsConnection c = jdlms(0x20, lls)) {
      assertThat(c.get(new AttributeAddress(3, ENERGY, 2)).getResultCode())
          .isEqualTo(AccessResultCode.SUCCESS);
    }
  }

  // jDLMS answers an ExceptionResponse to its ACTION with an exception of its own making (an
  // IOException or, racing its reader thread, a NullPointerException): the public client's refused
  // ACTION is checked byte for byte in SecureAssociationTest instead.
}
