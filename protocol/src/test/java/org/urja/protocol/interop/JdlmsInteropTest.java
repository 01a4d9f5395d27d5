package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ActionRequestNormal;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.jdlms.JdlmsCosemClient;
import org.urja.protocol.server.CosemServerListener;
import org.urja.protocol.server.CosemServerMetrics;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.TestMeter;
import org.urja.protocol.wrapper.WrapperFrame;

/** jDLMS, an independent DLMS/COSEM client, against Urja's server side. */
class JdlmsInteropTest {
  static final String PASSWORD = "12345678";
  CosemServerListener listener;

  @BeforeEach
  void listen() throws Exception {
    listener =
        CosemServerListener.bind(
            new InetSocketAddress("127.0.0.1", 0),
            TestMeter::new,
            ServerSettings.withPassword(PASSWORD));
  }

  @AfterEach
  void stop() {
    listener.close();
  }

  JdlmsCosemClient connect(String password) throws IOException {
    return JdlmsCosemClient.connect(
        listener.localAddress(), ClientSettings.publicClient().withPassword(password));
  }

  @Test
  void jdlmsAssociatesAndReadsTheRegisterAndItsScaler() throws Exception {
    try (JdlmsCosemClient c = connect(PASSWORD)) {
      MeterScenario.readsTheEnergyRegisterWithItsScaler(c);
    }
    assertThat(listener.metrics().associationsAccepted()).isEqualTo(1);
  }

  @Test
  void aProfileReadByRangeThroughJdlmsReturnsOnlyTheRowsInTheRange() throws Exception {
    try (JdlmsCosemClient c = connect(PASSWORD)) {
      MeterScenario.readsOnlyTheProfileRowsInTheRange(c);
    }
  }

  @Test
  void jdlmsDisconnectsAndReconnectsTheRelayAndReadsTheStateBack() throws Exception {
    try (JdlmsCosemClient c = connect(PASSWORD)) {
      MeterScenario.disconnectsAndReconnectsTheRelay(c);
    }
  }

  @Test
  void aBufferLargerThanAnyPduReachesJdlmsInBlocks() throws Exception {
    int rows = 4000;
    try (CosemServerListener big =
            CosemServerListener.bind(
                new InetSocketAddress("127.0.0.1", 0),
                () -> new BigBufferMeter(rows),
                ServerSettings.withPassword(PASSWORD));
        JdlmsCosemClient c =
            JdlmsCosemClient.connect(
                big.localAddress(), ClientSettings.publicClient().withPassword(PASSWORD))) {
      DlmsData buffer =
          MeterScenario.await(c.get(AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 2)));
      assertThat(DataCodec.encode(buffer).length).isGreaterThan(0xFFFF);
      assertThat(((DlmsData.Composite) buffer).size()).isEqualTo(rows);
      assertThat(((DlmsData.Composite) buffer).get(rows - 1))
          .isEqualTo(BigBufferMeter.row(rows - 1));
    }
  }

  /** A meter whose profile buffer does not fit one wrapper frame. */
  static final class BigBufferMeter extends TestMeter {
    private final int rows;

    BigBufferMeter(int rows) {
      this.rows = rows;
    }

    static DlmsData row(int i) {
      return DlmsData.structure(
          DlmsData.octets(new byte[12]), DlmsData.u32(i), DlmsData.u32(i * 7L));
    }

    @Override
    public DlmsData get(AttributeRef ref) {
      if (ref.obis().equals(CosemObjects.BLOCK_LOAD_PROFILE.obis()) && ref.attributeId() == 2) {
        java.util.List<DlmsData> out = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
          out.add(row(i));
        }
        return DlmsData.array(out);
      }
      return super.get(ref);
    }
  }

  @Test
  void jdlmsWithAWrongPasswordIsRefused() {
    assertThatThrownBy(() -> connect("wrong")).isInstanceOf(IOException.class);
    assertThat(listener.metrics().associationsRejected()).isEqualTo(1);
  }

  @Test
  void whatJdlmsSendsDecodesAndReEncodesToTheSameBytes() throws Exception {
    List<WrapperFrame> seen = new CopyOnWriteArrayList<>();
    try (NettyPeers peers = new NettyPeers(1)) {
      Channel server =
          peers.listen(
              p -> {
                CosemServerListener.initPipeline(
                    p,
                    new TestMeter(),
                    ServerSettings.withPassword(PASSWORD),
                    new CosemServerMetrics());
                p.addAfter(
                    "wrapperDecoder",
                    "recorder",
                    new ChannelInboundHandlerAdapter() {
                      @Override
                      public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        seen.add((WrapperFrame) msg);
                        ctx.fireChannelRead(msg);
                      }
                    });
              });
      try (JdlmsCosemClient c =
          JdlmsCosemClient.connect(
              (InetSocketAddress) server.localAddress(),
              ClientSettings.publicClient().withPassword(PASSWORD))) {
        MeterScenario.readsTheEnergyRegisterWithItsScaler(c);
        MeterScenario.readsOnlyTheProfileRowsInTheRange(c);
        MeterScenario.disconnectsAndReconnectsTheRelay(c);
      }
      server.close().sync();
    }

    WrapperFrame first = seen.get(0);
    assertThat(first.sourceWPort()).isEqualTo(ClientSettings.PUBLIC_CLIENT);
    Aarq aarq = Aarq.decode(first.apdu());
    assertThat(aarq.applicationContextName()).isEqualTo(Aarq.LN_NO_CIPHERING);
    assertThat(aarq.mechanismName()).contains(Aarq.LOW_LEVEL_SECURITY);
    assertThat(new String(aarq.callingAuthenticationValue().orElseThrow())).isEqualTo(PASSWORD);
    assertThat(aarq.initiateRequest().dlmsVersion()).isEqualTo(6);
    assertThat(aarq.initiateRequest().conformance().has(Conformance.GET)).isTrue();
    // every request jDLMS sent re-encodes to the very bytes jDLMS wrote
    for (WrapperFrame f : seen) {
      CosemPdu pdu = CosemPdu.decode(f.apdu());
      assertThat(pdu.encode()).as(pdu.getClass().getSimpleName()).isEqualTo(f.apdu());
    }
    assertThat(
            seen.stream()
                .map(f -> CosemPdu.decode(f.apdu()))
                .filter(p -> p instanceof GetRequestNormal g && g.attribute().access().isPresent()))
        .hasSize(1);
    assertThat(
            seen.stream()
                .map(f -> CosemPdu.decode(f.apdu()))
                .filter(p -> p instanceof ActionRequestNormal))
        .hasSize(2);
  }
}
