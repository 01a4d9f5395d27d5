package org.urja.protocol.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.urja.protocol.wrapper.WrapperFrameDecoder;
import org.urja.protocol.wrapper.WrapperFrameEncoder;

/**
 * A meter that listens: binds a TCP port and gives every accepted connection its own wrapper codec
 * and {@link CosemServerHandler} over a model from the factory, so a head-end (or jDLMS) can dial
 * in.
 */
public final class CosemServerListener implements AutoCloseable {
  private static final WrapperFrameEncoder ENCODER = new WrapperFrameEncoder();

  private final Channel serverChannel;
  private final EventLoopGroup ownedGroup;
  private final CosemServerMetrics metrics;

  private CosemServerListener(
      Channel serverChannel, EventLoopGroup ownedGroup, CosemServerMetrics metrics) {
    this.serverChannel = serverChannel;
    this.ownedGroup = ownedGroup;
    this.metrics = metrics;
  }

  /** Binds with its own event loops, shut down by {@link #close()}. */
  public static CosemServerListener bind(
      InetSocketAddress address,
      Supplier<? extends CosemObjectModel> models,
      ServerSettings settings)
      throws InterruptedException {
    NioEventLoopGroup group = new NioEventLoopGroup(2);
    try {
      return bind(address, models, settings, group, group, group);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  /** Binds on event loops the caller owns (and shuts down). */
  public static CosemServerListener bind(
      InetSocketAddress address,
      Supplier<? extends CosemObjectModel> models,
      ServerSettings settings,
      EventLoopGroup boss,
      EventLoopGroup workers)
      throws InterruptedException {
    return bind(address, models, settings, boss, workers, null);
  }

  private static CosemServerListener bind(
      InetSocketAddress address,
      Supplier<? extends CosemObjectModel> models,
      ServerSettings settings,
      EventLoopGroup boss,
      EventLoopGroup workers,
      EventLoopGroup owned)
      throws InterruptedException {
    CosemServerMetrics metrics = new CosemServerMetrics();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    initPipeline(ch.pipeline(), models.get(), settings, metrics);
                  }
                });
    Channel ch = b.bind(address).sync().channel();
    return new CosemServerListener(ch, owned, metrics);
  }

  /**
   * The meter-side pipeline: wrapper decoder, wrapper encoder, server handler. Also what a meter
   * that dials out to the head-end puts on its client socket.
   */
  public static CosemServerHandler initPipeline(
      ChannelPipeline p,
      CosemObjectModel model,
      ServerSettings settings,
      CosemServerMetrics metrics) {
    CosemServerHandler handler = new CosemServerHandler(model, settings, metrics);
    p.addLast("wrapperDecoder", new WrapperFrameDecoder(0xFFFF));
    p.addLast("wrapperEncoder", ENCODER);
    p.addLast("cosemServer", handler);
    return handler;
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  public CosemServerMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    if (ownedGroup != null) {
      ownedGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
