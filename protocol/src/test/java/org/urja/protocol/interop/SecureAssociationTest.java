package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.protocol.interop.MeterScenario.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.ActionRequestNormal;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.protocol.client.ClientSecurity;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.DlmsFailure;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.client.ServiceNotGrantedException;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemObjects;
import org.urja.protocol.cosem.CosemObjects.Disconnect;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.CipheringException;
import org.urja.protocol.security.FrameCounterGuard;
import org.urja.protocol.security.InvocationCounter;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.server.ClientAccess;
import org.urja.protocol.server.CosemServerListener;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.StrictAssociations;
import org.urja.protocol.server.TestMeter;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * Urja's Netty client against Urja's strict IS 15959 server over real sockets: the public client is
 * read-only, the meter reader needs its password, and the utility-settings association needs
 * HLS-GMAC and ciphered APDUs before it may switch the relay.
 */
class SecureAssociationTest {
  static final String SERIAL = "SIM000042";
  static final HexFormat HEX = HexFormat.of();
  static final byte[] METER_TITLE = HEX.parseHex("55524A0000000042");
  static final byte[] HEAD_END_TITLE = HEX.parseHex("55524A4845530001");
  static final MeterSecrets SECRETS =
      new MeterSecrets(
          Optional.of("reader-42".getBytes(StandardCharsets.US_ASCII)),
          Optional.empty(),
          Optional.of(HEX.parseHex("1f2e3d4c5b6a79880f1e2d3c4b5a6978")),
          Optional.of(HEX.parseHex("a1b2c3d4e5f60718293a4b5c6d7e8f90")));

  final NettyPeers peers = new NettyPeers(1);
  final AtomicLong headEndCounter = new AtomicLong(1);
  final InvocationCounter counter = serial -> headEndCounter.getAndIncrement();
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
    peers.close();
  }

  Channel dial(ChannelHandler... taps) throws InterruptedException {
    return peers.dial(
        meter.localAddress(),
        p -> {
          ClientAssociationHandler.initPipeline(p, 0xFFFF);
          for (ChannelHandler tap : taps) {
            if (tap instanceof ChannelOutboundHandlerAdapter) {
              // outbound runs from the tail: here it sees frames before the encoder
              p.addLast(tap);
            } else {
              p.addAfter("wrapperDecoder", null, tap);
            }
          }
        });
  }

  ClientSettings utilitySettings(MeterSecrets secrets) {
    return ClientSettings.forAssociation(
        AssociationSpec.UTILITY_SETTINGS,
        secrets,
        Optional.of(new ClientSecurity(SERIAL, HEAD_END_TITLE, secrets, true, counter, guard)));
  }

  static final MethodRef REMOTE_DISCONNECT =
      MethodRef.of(CosemObjects.DISCONNECT_CONTROL, Disconnect.METHOD_REMOTE_DISCONNECT);

  @Test
  void theUtilitySettingsAssociationAuthenticatesWithHlsGmacAndSwitchesTheRelayCiphered()
      throws Exception {
    try (NettyCosemClient c = NettyCosemClient.over(dial(), utilitySettings(SECRETS))) {
      await(c.associate());

      MeterScenario.readsTheEnergyRegisterWithItsScaler(c);
      MeterScenario.disconnectsAndReconnectsTheRelay(c);
    }
    assertThat(headEndCounter.get())
        .as("one invocation counter per ciphered APDU")
        .isGreaterThan(6);
  }

  @Test
  void everyApduOfTheUtilitySettingsAssociationIsCipheredOnTheWire() throws Exception {
    Map<Integer, Integer> tagsSent = new ConcurrentHashMap<>();
    ChannelOutboundHandlerAdapter tap =
        new ChannelOutboundHandlerAdapter() {
          @Override
          public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof WrapperFrame f) {
              tagsSent.merge(f.apduUnsafe()[0] & 0xFF, 1, Integer::sum);
            }
            ctx.write(msg, promise);
          }
        };
    NettyCosemClient c = NettyCosemClient.over(dial(tap), utilitySettings(SECRETS));
    await(c.associate());
    await(c.action(REMOTE_DISCONNECT, DlmsData.i8(0)));
    await(c.release());
    c.close();

    assertThat(tagsSent).containsOnlyKeys(0x60, 0xCB, 0x62); // AARQ, glo-action-request, RLRQ
    assertThat(tagsSent.get(0xCB)).as("pass 3 and the disconnect").isEqualTo(2);
  }

  @Test
  void aPlainActionResponseOnTheUtilitySettingsAssociationIsNotTrusted() throws Exception {
    // something between the head-end and the meter answers the disconnect with a plain "success"
    ChannelInboundHandlerAdapter forger =
        new ChannelInboundHandlerAdapter() {
          int cipheredActionResponses;

          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WrapperFrame f
                && (f.apduUnsafe()[0] & 0xFF) == 0xCF
                && ++cipheredActionResponses == 2) {
              // the first is the meter's answer to the challenge (pass 4), the second the
              // disconnect's
              msg =
                  new WrapperFrame(
                      f.sourceWPort(), f.destinationWPort(), HEX.parseHex("C701C10000"));
            }
            ctx.fireChannelRead(msg);
          }
        };
    try (NettyCosemClient c = NettyCosemClient.over(dial(forger), utilitySettings(SECRETS))) {
      await(c.associate());
      Throwable failure = failureOf(() -> await(c.action(REMOTE_DISCONNECT, DlmsData.i8(0))));

      assertThat(failure).isInstanceOf(CipheringException.class);
      assertThat(((CipheringException) failure).reason())
          .isEqualTo(CipheringException.Reason.NOT_AUTHENTICATED);
      assertThat(DlmsFailure.classify(failure).permanent()).isTrue();
    }
  }

  @Test
  void theUtilitySettingsAssociationWithAWrongAuthenticationKeyFailsAuthentication()
      throws Exception {
    MeterSecrets wrongAk =
        new MeterSecrets(
            Optional.empty(),
            Optional.empty(),
            SECRETS.encryptionKey(),
            Optional.of(HEX.parseHex("00000000000000000000000000000001")));
    NettyCosemClient c = NettyCosemClient.over(dial(), utilitySettings(wrongAk));

    Throwable failure = failureOf(() -> await(c.associate()));

    assertThat(DlmsFailure.classify(failure)).isEqualTo(DlmsFailure.AUTHENTICATION_FAILED);
    assertThat(DlmsFailure.classify(failure).permanent()).isTrue();
  }

  @Test
  void thePublicClientIsReadOnlyAndTheClientRefusesItsActionBeforeSendingIt() throws Exception {
    try (NettyCosemClient c =
        NettyCosemClient.over(
            dial(),
            ClientSettings.forAssociation(
                AssociationSpec.PUBLIC_CLIENT, MeterSecrets.none(), Optional.empty()))) {
      await(c.associate());
      MeterScenario.readsTheEnergyRegisterWithItsScaler(c);

      Throwable failure = failureOf(() -> await(c.action(REMOTE_DISCONNECT, DlmsData.i8(0))));

      assertThat(failure)
          .isInstanceOf(ServiceNotGrantedException.class)
          .hasMessage("the meter did not grant ACTION on this association");
      assertThat(DlmsFailure.classify(failure)).isEqualTo(DlmsFailure.NOT_SUPPORTED);
    }
  }

  @Test
  void theMeterReaderNeedsItsPasswordAndMayNotSet() throws Exception {
    ClientSettings reader =
        ClientSettings.forAssociation(AssociationSpec.METER_READER, SECRETS, Optional.empty());
    try (NettyCosemClient c = NettyCosemClient.over(dial(), reader)) {
      await(c.associate());
      MeterScenario.readsTheEnergyRegisterWithItsScaler(c);
      Throwable refused =
          failureOf(
              () ->
                  await(
                      c.set(
                          AttributeRef.of(CosemObjects.DISCONNECT_CONTROL, 4),
                          DlmsData.enumOf(1))));
      assertThat(refused).isInstanceOf(ServiceNotGrantedException.class);
    }
    NettyCosemClient wrong = NettyCosemClient.over(dial(), reader.withPassword("guess"));
    assertThat(DlmsFailure.classify(failureOf(() -> await(wrong.associate()))))
        .isEqualTo(DlmsFailure.AUTHENTICATION_FAILED);
  }

  @Test
  void theServerRefusesAnActionFromThePublicClientAsRealMetersDo() throws Exception {
    // a client that does not check the conformance: the request reaches the meter
    BlockingQueue<WrapperFrame> received = new LinkedBlockingQueue<>();
    Channel ch = dial(inboundTap(received));
    ch.writeAndFlush(new WrapperFrame(0x10, 0x01, ClientSettings.publicClient().aarq().encode()));
    assertThat(received.poll(10, TimeUnit.SECONDS).apduUnsafe()[0] & 0xFF).isEqualTo(0x61);

    ch.writeAndFlush(
        new WrapperFrame(
            0x10,
            0x01,
            new ActionRequestNormal(0xC1, REMOTE_DISCONNECT, Optional.of(DlmsData.i8(0)))
                .encode()));

    assertThat(HEX.formatHex(received.poll(10, TimeUnit.SECONDS).apduUnsafe()))
        .as("ExceptionResponse service-unknown, service-not-supported")
        .isEqualTo("d80202");
    ch.close().sync();
  }

  @Test
  void aReplayedCipheredRequestIsRefusedWithAnInvocationCounterError() throws Exception {
    AtomicReference<WrapperFrame> lastAction = new AtomicReference<>();
    ChannelOutboundHandlerAdapter recorder =
        new ChannelOutboundHandlerAdapter() {
          @Override
          public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof WrapperFrame f && (f.apduUnsafe()[0] & 0xFF) == 0xCB) {
              lastAction.set(f);
            }
            ctx.write(msg, promise);
          }
        };
    BlockingQueue<WrapperFrame> received = new LinkedBlockingQueue<>();
    Channel ch = dial(recorder, inboundTap(received));
    NettyCosemClient c = NettyCosemClient.over(ch, utilitySettings(SECRETS));
    await(c.associate());
    await(c.action(REMOTE_DISCONNECT, DlmsData.i8(0)));
    received.clear();

    ch.writeAndFlush(lastAction.get()).sync();
    byte[] refusal = received.poll(10, TimeUnit.SECONDS).apduUnsafe();

    assertThat(refusal[0] & 0xFF).as("ExceptionResponse").isEqualTo(0xD8);
    assertThat(refusal[2]).as("invocation-counter-error").isEqualTo((byte) 6);
    c.close();
    ch.close().sync();
  }

  @Test
  void aHeadEndThatForgotItsCounterCannotAssociateAgain() throws Exception {
    try (NettyCosemClient first = NettyCosemClient.over(dial(), utilitySettings(SECRETS))) {
      await(first.associate());
    }
    headEndCounter.set(1); // the meter must not accept a counter it has seen
    NettyCosemClient second = NettyCosemClient.over(dial(), utilitySettings(SECRETS));

    assertThat(DlmsFailure.classify(failureOf(() -> await(second.associate()))))
        .isEqualTo(DlmsFailure.AUTHENTICATION_FAILED);
  }

  @Test
  void withoutAnInvocationCounterNothingIsSent() throws Exception {
    InvocationCounter unavailable =
        serial -> {
          throw new IllegalStateException("the counter store is unavailable");
        };
    ClientSettings settings =
        ClientSettings.forAssociation(
            AssociationSpec.UTILITY_SETTINGS,
            SECRETS,
            Optional.of(
                new ClientSecurity(SERIAL, HEAD_END_TITLE, SECRETS, true, unavailable, guard)));
    NettyCosemClient c = NettyCosemClient.over(dial(), settings);

    assertThat(failureOf(() -> await(c.associate())))
        .hasMessage("the counter store is unavailable");
    assertThat(meter.metrics().associationsAccepted() + meter.metrics().associationsRejected())
        .as("the meter saw no AARQ")
        .isZero();
  }

  @Test
  void aMakeWithACipheredPasswordAssociationIsReadCiphered() throws Exception {
    AssociationSpec cipheredReader =
        new AssociationSpec("reader-ciphered", 0x20, 1, AssociationSpec.Authentication.LOW, true);
    try (CosemServerListener otherMake =
        CosemServerListener.bind(
            new InetSocketAddress("127.0.0.1", 0),
            TestMeter::new,
            ServerSettings.open()
                .strict(
                    new StrictAssociations(
                        METER_TITLE,
                        SECRETS,
                        Map.of(
                            0x20,
                            new ClientAccess(
                                AssociationSpec.Authentication.LOW, true, ClientAccess.READ_ONLY)),
                        1)))) {
      Channel ch = peers.dialAsHeadEnd(otherMake.localAddress());
      ClientSettings settings =
          ClientSettings.forAssociation(
              cipheredReader,
              SECRETS,
              Optional.of(
                  new ClientSecurity(SERIAL, HEAD_END_TITLE, SECRETS, false, counter, guard)));
      try (NettyCosemClient c = NettyCosemClient.over(ch, settings)) {
        await(c.associate());
        MeterScenario.readsTheEnergyRegisterWithItsScaler(c);
      }
      assertThat(otherMake.metrics().associationsAccepted()).isEqualTo(1);
    }
  }

  /** Records every frame the meter sends, ahead of the client handler. */
  static ChannelHandler inboundTap(BlockingQueue<WrapperFrame> into) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WrapperFrame f) {
          into.add(f);
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  static Throwable failureOf(ThrowingCall call) {
    try {
      call.run();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }
}
