package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.protocol.interop.MeterScenario.await;

import io.netty.channel.Channel;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.apdu.InitiateResponse;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.AssociationRejectedException;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.profile.ProfileBufferDecoder;
import org.urja.protocol.server.CosemServerListener;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.TestMeter;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/** Urja's own Netty client against Urja's server, over real sockets. */
class NettyClientInteropTest {
  static final String PASSWORD = "12345678";
  final NettyPeers peers = new NettyPeers(1);
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
    peers.close();
  }

  /** The head-end pipeline: wrapper decoder, wrapper encoder, client association handler. */
  Channel dial() throws InterruptedException {
    return peers.dialAsHeadEnd(listener.localAddress());
  }

  NettyCosemClient associated(ClientSettings settings) throws Exception {
    NettyCosemClient c = NettyCosemClient.over(dial(), settings);
    InitiateResponse init = await(c.associate());
    assertThat(init.vaaName()).isEqualTo(InitiateResponse.VAA_NAME_LN);
    return c;
  }

  @Test
  void theNettyClientRunsTheWholeMeterScenario() throws Exception {
    try (NettyCosemClient c = associated(ClientSettings.publicClient().withPassword(PASSWORD))) {
      MeterScenario.readsTheEnergyRegisterWithItsScaler(c);
      MeterScenario.readsOnlyTheProfileRowsInTheRange(c);
      MeterScenario.disconnectsAndReconnectsTheRelay(c);
    }
  }

  @Test
  void aWholeProfileBiggerThanTheClientPduIsReassembledFromBlocks() throws Exception {
    try (NettyCosemClient c =
        associated(
            ClientSettings.publicClient().withPassword(PASSWORD).withMaxReceivePduSize(64))) {
      DlmsData buffer = await(c.get(AttributeRef.of(CosemObjects.BLOCK_LOAD_PROFILE, 2)));
      assertThat(ProfileBufferDecoder.rows(buffer, TestMeter.PROFILE_COLUMNS))
          .hasSize(TestMeter.ROWS);
    }
  }

  @Test
  void aWrongPasswordFailsTheAssociationFuture() throws Exception {
    NettyCosemClient c =
        NettyCosemClient.over(dial(), ClientSettings.publicClient().withPassword("nope"));
    try {
      await(c.associate());
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(AssociationRejectedException.class);
      assertThat(((AssociationRejectedException) e.getCause()).diagnostic()).isEqualTo(13);
      return;
    }
    throw new AssertionError("association with a wrong password was accepted");
  }

  /** A close shows as end of stream, or as a reset when the server dropped unread bytes. */
  static boolean readUntilClosed(Socket s) throws java.io.IOException {
    s.setSoTimeout((int) MeterScenario.WAIT.toMillis());
    try {
      return s.getInputStream().read() == -1;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  @Test
  void garbageClosesOnlyItsOwnConnectionAndATruncatedApduIsAnswered() throws Exception {
    try (NettyCosemClient good = associated(ClientSettings.publicClient().withPassword(PASSWORD))) {
      try (Socket garbage = new Socket("127.0.0.1", listener.localAddress().getPort())) {
        garbage
            .getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: meter\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readUntilClosed(garbage)).as("server closed the garbage connection").isTrue();
      }
      try (Socket truncated = new Socket("127.0.0.1", listener.localAddress().getPort())) {
        OutputStream out = truncated.getOutputStream();
        out.write(
            WrapperFrameEncoder.toBytes(
                new WrapperFrame(0x10, 0x01, HexFormat.of().parseHex("c001c10003"))));
        DataInputStream in = new DataInputStream(truncated.getInputStream());
        byte[] reply = new byte[11];
        in.readFully(reply);
        assertThat(HexFormat.of().formatHex(reply, 8, 11))
            .isEqualTo(
                HexFormat.of()
                    .formatHex(
                        ExceptionResponse.of(
                                ExceptionResponse.SERVICE_NOT_ALLOWED,
                                ExceptionResponse.OTHER_REASON)
                            .encode()));
      }
      assertThat(listener.metrics().malformedApdus()).isEqualTo(2);
      MeterScenario.readsTheEnergyRegisterWithItsScaler(good);
    }
  }
}
