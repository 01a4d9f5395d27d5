package org.urja.protocol.interop;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.urja.protocol.client.ClientAssociationHandler;

/**
 * The Netty plumbing the interop tests share: one event-loop group, listeners on a free loopback
 * port and dialled connections, each test saying only what its pipelines hold (which side of DLMS,
 * which taps). Closing it stops the group's threads.
 */
final class NettyPeers implements AutoCloseable {
  private final NioEventLoopGroup group;

  NettyPeers(int threads) {
    group = new NioEventLoopGroup(threads);
  }

  /** Listens on a free loopback port; {@code pipeline} sets up each accepted connection. */
  Channel listen(Consumer<ChannelPipeline> pipeline) throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(initializer(pipeline))
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  /** A dialler whose connections {@code pipeline} sets up (for many connections alike). */
  Bootstrap dialler(Consumer<ChannelPipeline> pipeline) {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(initializer(pipeline));
  }

  /** One connection to {@code address}, set up by {@code pipeline}. */
  Channel dial(SocketAddress address, Consumer<ChannelPipeline> pipeline)
      throws InterruptedException {
    return dialler(pipeline).connect(address).sync().channel();
  }

  /**
   * One connection with the head-end's client pipeline: wrapper codec and client association
   * handler.
   */
  Channel dialAsHeadEnd(SocketAddress address) throws InterruptedException {
    return dial(address, p -> ClientAssociationHandler.initPipeline(p, 0xFFFF));
  }

  private static ChannelInitializer<SocketChannel> initializer(Consumer<ChannelPipeline> pipeline) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        pipeline.accept(ch.pipeline());
      }
    };
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
