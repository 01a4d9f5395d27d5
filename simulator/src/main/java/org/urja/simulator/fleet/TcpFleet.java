package org.urja.simulator.fleet;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.wrapper.WrapperFrame;
import org.urja.protocol.wrapper.WrapperFrameDecoder;
import org.urja.protocol.wrapper.WrapperFrameEncoder;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.push.PushEncoding;

/**
 * Meters that dial the head-end over TCP, as GPRS/4G meters do, and push a DataNotification every
 * capture period over that connection. The head-end may open a DLMS association over the same
 * connection to read or switch the meter; the meter's server handler answers it. Every meter lives
 * on one event loop (its connection's), so thousands run on a couple of threads.
 */
public final class TcpFleet implements Fleet {
  /** wPort of the meter's management logical device and of the head-end's push client. */
  static final int METER_WPORT = 0x01;

  static final int HES_WPORT = 0x01;

  /** A day of 15-minute pushes; older ones are only in the meter's profile. */
  static final int MAX_UNSENT = 96;

  private static final Logger log = LoggerFactory.getLogger(TcpFleet.class);

  private final FleetConfig cfg;
  private final String host;
  private final int port;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final List<SimulatedMeter> meters;
  private final List<MeterLink> links = new ArrayList<>();
  private final Function<SimulatedMeter, ChannelHandler> serverHandler;
  private final FleetStats stats = new FleetStats();
  private volatile PushEncoding pushEncoding = PushEncoding.PLAIN;
  private volatile boolean closed;

  /**
   * @param serverHandler builds the handler that answers the head-end's DLMS requests for one meter
   */
  public TcpFleet(
      FleetConfig cfg,
      MeterModel model,
      String host,
      int port,
      int threads,
      Function<SimulatedMeter, ChannelHandler> serverHandler) {
    this.cfg = cfg;
    this.host = host;
    this.port = port;
    this.group = new NioEventLoopGroup(threads);
    this.ownsGroup = true;
    this.meters = MeterFactory.build(cfg, model);
    this.serverHandler = serverHandler;
  }

  /**
   * How pushes go on the wire (plain unless set, before {@link #start()}): e.g. sealed with each
   * meter's keys.
   */
  public TcpFleet pushEncoding(PushEncoding encoding) {
    this.pushEncoding = encoding;
    return this;
  }

  public TcpFleet start() {
    PushSchedule schedule = new PushSchedule(cfg, System.nanoTime() + TimeUnit.SECONDS.toNanos(0));
    for (int i = 0; i < meters.size(); i++) {
      MeterLink link = new MeterLink(i, meters.get(i), group.next(), schedule);
      links.add(link);
      long connectDelayMicros = i * 1_000_000L / cfg.connectsPerSecond();
      link.loop.schedule(link::connect, connectDelayMicros, TimeUnit.MICROSECONDS);
      link.loop.schedule(() -> link.tick(1), schedule.delayNanos(i, 1), TimeUnit.NANOSECONDS);
    }
    return this;
  }

  @Override
  public FleetStats stats() {
    return stats;
  }

  @Override
  public List<SimulatedMeter> meters() {
    return meters;
  }

  @Override
  public <T> T onMeter(SimulatedMeter meter, Callable<T> task) throws Exception {
    MeterLink link = links.get(meters.indexOf(meter));
    return link.loop.submit(task).get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    closed = true;
    for (MeterLink l : links) {
      Channel c = l.channel;
      if (c != null) {
        c.close();
      }
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** One meter's connection and push timer, confined to one event loop. */
  private final class MeterLink {
    final int index;
    final SimulatedMeter meter;
    final EventLoop loop;
    final PushSchedule schedule;
    Channel channel;
    long invokeId;

    /** Pushes made while the link was down, sent on reconnect as meters retry unsent pushes. */
    final java.util.ArrayDeque<Unsent> unsent = new java.util.ArrayDeque<>();

    int backoffMillis = 500;

    MeterLink(int index, SimulatedMeter meter, EventLoop loop, PushSchedule schedule) {
      this.index = index;
      this.meter = meter;
      this.loop = loop;
      this.schedule = schedule;
    }

    void connect() {
      if (closed) {
        return;
      }
      Bootstrap b =
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new WrapperFrameDecoder(0xFFFF), new WrapperFrameEncoder());
                      ch.pipeline().addLast(serverHandler.apply(meter));
                    }
                  });
      ChannelFuture f = b.connect(host, port);
      f.addListener(
          done -> {
            if (done.isSuccess()) {
              channel = f.channel();
              backoffMillis = 500;
              stats.connected.incrementAndGet();
              while (!unsent.isEmpty()) {
                Unsent u = unsent.poll();
                send(channel, u.push(), u.accepted());
              }
              channel
                  .closeFuture()
                  .addListener(
                      x -> {
                        stats.connected.decrementAndGet();
                        channel = null;
                        scheduleReconnect();
                      });
            } else {
              stats.connectFailures.incrementAndGet();
              scheduleReconnect();
            }
          });
    }

    void scheduleReconnect() {
      if (closed || finished()) {
        return;
      }
      int wait = backoffMillis;
      backoffMillis = Math.min(backoffMillis * 2, 30_000);
      loop.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    boolean finished() {
      return cfg.intervals() > 0 && meter.interval() >= cfg.intervals();
    }

    void tick(long k) {
      if (closed) {
        return;
      }
      meter.advanceTo(k);
      Channel ch = channel;
      push(ch, PushSchedule.instantPush(meter, ++invokeId), stats.dataAccepted);
      stats.pushes.incrementAndGet();
      for (var alert = PushSchedule.alertPush(meter, ++invokeId);
          alert.isPresent();
          alert = PushSchedule.alertPush(meter, ++invokeId)) {
        push(ch, alert.get(), stats.eventsAccepted);
        stats.events.incrementAndGet();
      }
      if (schedule.done(k + 1)) {
        stats.finished.incrementAndGet();
        return;
      }
      loop.schedule(() -> tick(k + 1), schedule.delayNanos(index, k + 1), TimeUnit.NANOSECONDS);
    }

    void push(Channel ch, DataNotification n, AtomicLong accepted) {
      if (ch != null && ch.isActive()) {
        send(ch, n, accepted);
        return;
      }
      if (unsent.size() >= MAX_UNSENT) {
        unsent.poll();
        log.debug(
            "meter {} dropped its oldest unsent push (profile keeps the data)", meter.serial());
      }
      unsent.add(new Unsent(n, accepted));
    }

    void send(Channel ch, DataNotification n, AtomicLong accepted) {
      ch.writeAndFlush(
              new WrapperFrame(METER_WPORT, HES_WPORT, pushEncoding.encode(meter.serial(), n)))
          .addListener(
              w -> {
                if (w.isSuccess()) {
                  accepted.incrementAndGet();
                }
              });
    }
  }

  /** A push waiting for a connection, and the counter its acceptance will count in. */
  private record Unsent(DataNotification push, AtomicLong accepted) {}
}
