package org.urja.protocol.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.protocol.interop.MeterScenario.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
  final NioEventLoopGroup group = new NioEventLoopGroup(2);

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void the_head_end_associates_over_the_connection_a_meter_opened_to_push() throws Exception {
    CompletableFuture<Channel> meterConnection = new CompletableFuture<>();
    CompletableFuture<DataNotification> firstPush = new CompletableFuture<>();
    CompletableFuture<DataNotification> secondPush = new CompletableFuture<>();

    // head-end: wrapper decoder, wrapper encoder, client association handler, push handler
    Channel headEnd =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new WrapperFrameDecoder(0xFFFF),
                            new WrapperFrameEncoder(),
                            new ClientAssociationHandler(),
                            new SimpleChannelInboundHandler<WrapperFrame>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, WrapperFrame f) {
                                DataNotification n = DataNotification.decode(f.apdu());
                                if (!firstPush.complete(n)) {
                                  secondPush.complete(n);
                                }
                                meterConnection.complete(ctx.channel());
                              }
                            });
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();

    // meter: a client socket carrying the server side of DLMS
    CompletableFuture<CosemServerHandler> meterHandler = new CompletableFuture<>();
    Channel meter =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    meterHandler.complete(
                        CosemServerListener.initPipeline(
                            ch.pipeline(),
                            new TestMeter(),
                            ServerSettings.withPassword("12345678"),
                            new CosemServerMetrics()));
                  }
                })
            .connect(headEnd.localAddress())
            .sync()
            .channel();

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
