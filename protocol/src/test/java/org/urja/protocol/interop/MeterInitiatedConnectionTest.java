package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.protocol.interop.MeterScenario.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientAssociationHandler;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.NettyCosemClient;
import org.urja.protocol.server.CosemServerHandler;
import org.urja.protocol.server.CosemServerListener;
import org.urja.protocol.server.CosemServerMetrics;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.TestMeter;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameDecoder;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * The GPRS/4G way: the meter dials the head-end and pushes; the head-end then opens an association
 * over that same TCP connection, while pushes keep reaching its push handler.
 */
class MeterInitiatedConnectionTest {
  final NettyPeers peers = new NettyPeers(2);

  @AfterEach
  void stop() {
    peers.close();
  }

  @Test
  void theHeadEndAssociatesOverTheConnectionAMeterOpenedToPush() throws Exception {
    CompletableFuture<Channel> meterConnection = new CompletableFuture<>();
    CompletableFuture<DataNotification> firstPush = new CompletableFuture<>();
    CompletableFuture<DataNotification> secondPush = new CompletableFuture<>();

    // head-end: wrapper decoder, wrapper encoder, client association handler, push handler
    Channel headEnd =
        peers.listen(
            p ->
                p.addLast(
                    new WrapperFrameDecoder(0xFFFF),
                    new WrapperFrameEncoder(),
                    new ClientAssociationHandler(),
                    new SimpleChannelInboundHandler<WrapperFrame>() {
                      @Override
                      protected void channelRead0(ChannelHandlerContext ctx, WrapperFrame f) {
                        DataNotification n = DataNotification.decode(f.apdu());
                        if (!firstPush.complete(n)) {
                          secondPush.complete(n);
                        }
                        meterConnection.complete(ctx.channel());
                      }
                    }));

    // meter: a client socket carrying the server side of DLMS
    CompletableFuture<CosemServerHandler> meterHandler = new CompletableFuture<>();
    Channel meter =
        peers.dial(
            headEnd.localAddress(),
            p ->
                meterHandler.complete(
                    CosemServerListener.initPipeline(
                        p,
                        new TestMeter(),
                        ServerSettings.withPassword("12345678"),
                        new CosemServerMetrics())));

    await(toCompletable(meterHandler.get().push(notification(1, TestMeter.ENERGY_WH))));
    assertThat(await(firstPush).body())
        .isEqualTo(DlmsData.structure(DlmsData.u32(TestMeter.ENERGY_WH)));

    NettyCosemClient hes =
        NettyCosemClient.over(
            await(meterConnection), ClientSettings.publicClient().withPassword("12345678"));
    await(hes.associate());
    MeterScenario.readsTheEnergyRegisterWithItsScaler(hes);
    meterHandler.get().push(notification(2, TestMeter.ENERGY_WH + 10));
    MeterScenario.disconnectsAndReconnectsTheRelay(hes);
    assertThat(await(secondPush).invokeId()).isEqualTo(2);
    await(hes.release());

    meter.close().sync();
    headEnd.close().sync();
  }

  static DataNotification notification(long id, long energy) {
    return new DataNotification(id, Optional.empty(), DlmsData.structure(DlmsData.u32(energy)));
  }

  static CompletableFuture<Void> toCompletable(io.netty.channel.ChannelFuture f) {
    CompletableFuture<Void> c = new CompletableFuture<>();
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            c.complete(null);
          } else {
            c.completeExceptionally(x.cause());
          }
        });
    return c;
  }
}
