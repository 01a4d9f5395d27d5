package org.urja.headend.reads;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.urja.protocol.client.ClientAssociationHandler;

/**
 * Opens TCP connections from the head-end to meters that listen, on one shared Netty event loop
 * group: thousands of meters cost a handful of threads, never one each. At most {@code maxOpen}
 * dialled connections are open at once; further dials wait in a queue (no thread waits with them)
 * and start as connections close. A connection that does not open within the connect timeout fails
 * its dial; one that stays silent for {@code idle} is closed, so a forgotten connection gives its
 * slot back.
 *
 * <p>Invariant: {@link #open()} ≤ maxOpen, and every slot taken is given back when its channel
 * closes or its connect fails.
 */
public final class DialOut implements AutoCloseable {
  /** How dial-outs are bounded. */
  public record Settings(
      int maxOpen,
      java.time.Duration connectTimeout,
      java.time.Duration idle,
      int ioThreads,
      int maxApdu) {
    public Settings {
      if (maxOpen <= 0) {
        throw new IllegalArgumentException("reads.dial.max must be positive");
      }
      if (connectTimeout.isNegative()
          || connectTimeout.isZero()
          || idle.isNegative()
          || idle.isZero()) {
        throw new IllegalArgumentException("dial timeouts must be positive");
      }
    }
  }

  private record Waiting(InetSocketAddress address, CompletableFuture<Channel> result) {}

  private final Settings settings;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger mostOpen = new AtomicInteger();
  private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

  public DialOut(Settings settings, MeterRegistry registry) {
    this.settings = settings;
    this.group =
        new NioEventLoopGroup(
            settings.ioThreads(),
            r -> {
              Thread t = new Thread(r, "urja-dial-out");
              t.setDaemon(true);
              return t;
            });
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            "idle",
                            new IdleStateHandler(
                                0, 0, settings.idle().toMillis(), TimeUnit.MILLISECONDS));
                    ch.pipeline().addLast("hangUpWhenIdle", new HangUpWhenIdle());
                    ClientAssociationHandler.initPipeline(ch.pipeline(), settings.maxApdu());
                  }
                });
    Gauge.builder("urja.reads.dial.open", open, AtomicInteger::get)
        .description("connections the head-end has dialled to listening meters, open now")
        .register(registry);
    Gauge.builder("urja.reads.dial.waiting", waiting, ConcurrentLinkedQueue::size)
        .description("dial-outs waiting for a free slot (reads.dial.max)")
        .register(registry);
  }

  /**
   * A connection to {@code address} with the head-end's client pipeline (wrapper codec and {@link
   * ClientAssociationHandler}); completes when it is open, fails when it cannot be opened.
   */
  public CompletableFuture<Channel> dial(InetSocketAddress address) {
    CompletableFuture<Channel> result = new CompletableFuture<>();
    waiting.add(new Waiting(address, result));
    startWaiting();
    return result;
  }

  /** Dialled connections open now. */
  public int open() {
    return open.get();
  }

  /** The most dialled connections that were open at once since this dial-out started. */
  public int mostOpen() {
    return mostOpen.get();
  }

  public Settings settings() {
    return settings;
  }

  private void startWaiting() {
    while (!waiting.isEmpty()) {
      int n = open.get();
      if (n >= settings.maxOpen()) {
        return; // the next close starts the next waiting dial
      }
      if (!open.compareAndSet(n, n + 1)) {
        continue;
      }
      Waiting w = waiting.poll();
      if (w == null) {
        open.decrementAndGet();
        continue;
      }
      mostOpen.accumulateAndGet(n + 1, Math::max);
      start(w);
    }
  }

  private void start(Waiting w) {
    bootstrap
        .connect(w.address())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    giveBack();
                    w.result()
                        .completeExceptionally(new MeterDialException(w.address(), f.cause()));
                    return;
                  }
                  f.channel().closeFuture().addListener(c -> giveBack());
                  if (!w.result().complete(f.channel())) {
                    f.channel().close();
                  }
                });
  }

  private void giveBack() {
    open.decrementAndGet();
    startWaiting();
  }

  @Override
  public void close() {
    Waiting w;
    while ((w = waiting.poll()) != null) {
      w.result().completeExceptionally(new IllegalStateException("head-end is stopping"));
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * A dialled connection nobody used for the idle time is closed: its slot is worth more to the
   * next meter.
   */
  private static final class HangUpWhenIdle extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
      } else {
        super.userEventTriggered(ctx, evt);
      }
    }
  }
}
