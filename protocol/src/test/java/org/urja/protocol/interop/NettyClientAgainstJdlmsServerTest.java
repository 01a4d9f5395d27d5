package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.protocol.interop.MeterScenario.await;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ClosedChannelException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.CosemMethod;
import org.openmuc.jdlms.DlmsServer;
import org.openmuc.jdlms.LogicalDevice;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.datatypes.DataObject.Type;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientSecurity;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.DlmsFailure;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.CosemObjects.Disconnect;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.FrameCounterGuard;
import org.urja.protocol.security.MeterSecrets;

/**
 * Urja's Netty client against openmuc jDLMS's server, configured as a meter whose utility-settings
 * client (48) must authenticate with HLS5-GMAC and cipher with AES-GCM-128: an independent
 * implementation of the AARE, StoC, f(CtoS) and the glo- responses.
 */
class NettyClientAgainstJdlmsServerTest {
  static final HexFormat HEX = HexFormat.of();
  static final byte[] EK = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
  static final byte[] AK = HEX.parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
  static final byte[] HEAD_END_TITLE = HEX.parseHex("55524A4845530001");
  static final long ENERGY_WH = 98_765;

  /** A register as jDLMS serves it. */
  @CosemClass(id = 3)
  public static class Energy extends CosemInterfaceObject {
    @CosemAttribute(id = 2, type = Type.DOUBLE_LONG_UNSIGNED)
    private final DataObject value = DataObject.newUInteger32Data(ENERGY_WH);

    public Energy() {
      super("1.0.1.8.0.255");
    }
  }

  /** A disconnect control as jDLMS serves it: output state and the two relay methods. */
  @CosemClass(id = 70)
  public static class Relay extends CosemInterfaceObject {
    @CosemAttribute(id = 2, type = Type.BOOLEAN)
    private DataObject output = DataObject.newBoolData(true);

    public Relay() {
      super("0.0.96.3.10.255");
    }

    @CosemMethod(id = 1, consumes = Type.INTEGER)
    public void remoteDisconnect(DataObject parameter) {
      output = DataObject.newBoolData(false);
    }

    @CosemMethod(id = 2, consumes = Type.INTEGER)
    public void remoteReconnect(DataObject parameter) {
      output = DataObject.newBoolData(true);
    }
  }

  final NettyPeers peers = new NettyPeers(1);
  final AtomicLong headEndCounter = new AtomicLong(1);
  final Map<String, Long> lastFromMeter = new ConcurrentHashMap<>();
  final FrameCounterGuard guard =
      (serial, title, fc) -> {
        Long last = lastFromMeter.get(serial);
        if (last != null && fc <= last) {
          return false;
        }
        lastFromMeter.put(serial, fc);
        return true;
      };
  DlmsServer server;
  int port;

  @BeforeEach
  void startJdlmsMeter() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    LogicalDevice device = new LogicalDevice(1, "URJA-JDLMS", "JDL", 7);
    device.registerCosemObject(new Energy(), new Relay());
    // jDLMS wants a master key (KEK, for key transfer) on any device with ciphering; unused here
    device.setMasterKey(HEX.parseHex("F0E1D2C3B4A5968778695A4B3C2D1E0F"));
    device.addRestriction(
        0x30,
        SecuritySuite.builder()
            .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
            .setEncryptionMechanism(SecuritySuite.EncryptionMechanism.AES_GCM_128)
            .setSecurityPolicy(SecuritySuite.SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
            .setGlobalUnicastEncryptionKey(EK)
            .setAuthenticationKey(AK)
            .build());
    server = DlmsServer.tcpServerBuilder(port).registerLogicalDevice(device).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    peers.close();
  }

  Channel dial() throws InterruptedException {
    return peers.dialAsHeadEnd(new InetSocketAddress("127.0.0.1", port));
  }

  ClientSettings utilitySettings(byte[] ak) {
    MeterSecrets secrets =
        new MeterSecrets(Optional.empty(), Optional.empty(), Optional.of(EK), Optional.of(ak));
    return ClientSettings.forAssociation(
        AssociationSpec.UTILITY_SETTINGS,
        secrets,
        Optional.of(
            new ClientSecurity(
                "JDL0000007",
                HEAD_END_TITLE,
                secrets,
                true,
                serial -> headEndCounter.getAndIncrement(),
                guard)));
  }

  @Test
  void theNettyClientAuthenticatesToJdlmsWithHlsGmacAndSwitchesTheRelayCiphered() throws Exception {
    AttributeRef output =
        AttributeRef.of(CosemObjects.DISCONNECT_CONTROL, Disconnect.ATTR_OUTPUT_STATE);
    try (NettyCosemClient c = NettyCosemClient.over(dial(), utilitySettings(AK))) {
      await(c.associate());

      assertThat(await(c.get(AttributeRef.of(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))))
          .isEqualTo(DlmsData.u32(ENERGY_WH));
      await(
          c.action(
              MethodRef.of(CosemObjects.DISCONNECT_CONTROL, Disconnect.METHOD_REMOTE_DISCONNECT),
              DlmsData.i8(0)));
      assertThat(await(c.get(output))).isEqualTo(DlmsData.bool(false));
    }
    assertThat(lastFromMeter)
        .as("the meter's frame counters were checked")
        .containsKey("JDL0000007");
  }

  @Test
  void jdlmsDropsTheConnectionOfAClientWithAnotherAuthenticationKey() throws Exception {
    byte[] otherAk = AK.clone();
    otherAk[0] ^= 0x01;
    NettyCosemClient c = NettyCosemClient.over(dial(), utilitySettings(otherAk));

    Throwable failure = SecureAssociationTest.failureOf(() -> await(c.associate()));

    // jDLMS cannot decipher the glo-initiateRequest and closes the connection without an AARE, as
    // some meters do: to the head-end a wrong key then looks like a lost connection
    assertThat(failure).isInstanceOf(ClosedChannelException.class);
    assertThat(DlmsFailure.classify(failure)).isEqualTo(DlmsFailure.CONNECTION_LOST);
  }
}
