package org.urja.simulator.fleet;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.server.CosemServerListener;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.security.StrictMeters;

/**
 * Meters that listen (fixed-IP or LAN meters) and wait for the head-end to call them, as a jDLMS
 * client does. Each meter listens on its own port and keeps measuring on its own event loop, and
 * associates as an IS 15959 meter ({@link StrictMeters}: keys from the fleet seed).
 */
public final class ListeningFleet implements Fleet {
  private final FleetConfig cfg;
  private final List<SimulatedMeter> meters;
  private final EventLoopGroup group;
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<CosemServerListener> listeners = new ArrayList<>();
  private final FleetStats stats = new FleetStats();
  private final StrictMeters strict;

  public ListeningFleet(FleetConfig cfg, MeterModel model, int threads) {
    this.cfg = cfg;
    this.meters = MeterFactory.build(cfg, model);
    this.group = new NioEventLoopGroup(threads);
    this.strict = StrictMeters.of(cfg.seed());
  }

  /**
   * @param basePort meter i listens on basePort + i; 0 gives every meter an ephemeral port
   */
  public ListeningFleet start(String host, int basePort) throws InterruptedException {
    PushSchedule schedule = new PushSchedule(cfg, System.nanoTime());
    for (int i = 0; i < meters.size(); i++) {
      SimulatedMeter m = meters.get(i);
      EventLoop loop = group.next();
      loops.add(loop);
      listeners.add(
          CosemServerListener.bind(
              new InetSocketAddress(host, basePort == 0 ? 0 : basePort + i),
              () -> m,
              strict.settings(m.serial()),
              loop,
              loop));
      int index = i;
      loop.schedule(
          () -> tick(loop, index, m, schedule, 1), schedule.delayNanos(i, 1), TimeUnit.NANOSECONDS);
    }
    return this;
  }

  private void tick(EventLoop loop, int index, SimulatedMeter m, PushSchedule schedule, long k) {
    m.advanceTo(k);
    if (schedule.done(k + 1)) {
      stats.finished.incrementAndGet();
      return;
    }
    loop.schedule(
        () -> tick(loop, index, m, schedule, k + 1),
        schedule.delayNanos(index, k + 1),
        TimeUnit.NANOSECONDS);
  }

  public InetSocketAddress address(SimulatedMeter meter) {
    return listeners.get(meters.indexOf(meter)).localAddress();
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
    return loops.get(meters.indexOf(meter)).submit(task).get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    listeners.forEach(CosemServerListener::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
