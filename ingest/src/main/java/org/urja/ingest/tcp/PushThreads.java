package org.urja.ingest.tcp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The threads that decode and admit pushes, apart from the event loops that read the connections.
 *
 * <p>Why apart: a relay command's requests and the meter's answers travel on the meter's own push
 * connection, and an event loop serves a few thousand such connections. While the loops also
 * decoded every push, a loop that resumed reading after the store had caught up decoded each of its
 * connections' backlogs in one pass, seconds of work at ingest's ceiling, and the command's next
 * request and the meter's answer waited for the pass to end, each time: five exchanges of an HLS
 * disconnection took 10–15 s (issue 11, seen in jstacks during {@code bench ledger --ceiling}:
 * every slow disconnection of a run finished at the same millisecond as the others of its loop).
 * Now a loop only frames what it reads and takes the answers to its own requests; pushes wait their
 * turn here, each connection's in order on one thread.
 *
 * <p>What waits here is bounded like the store's queue: above {@code high} pushes waiting, {@code
 * onChange} is told false and the listener stops reading, as it does when the store is behind, and
 * is told true once they are down to {@code low}. The count is the threads' own task queues, so a
 * push dropped with its closed connection cannot leave a count behind.
 */
final class PushThreads implements AutoCloseable {
  private final EventExecutorGroup group;
  private final int high;
  private final int low;
  private final Consumer<Boolean> onChange;
  private final AtomicBoolean keepsUp = new AtomicBoolean(true);
  private final Watch watch = new Watch();

  PushThreads(int threads, int high, int low, Consumer<Boolean> onChange) {
    if (low >= high) {
      throw new IllegalArgumentException("low " + low + " must be below high " + high);
    }
    this.group =
        new DefaultEventExecutorGroup(
            Math.max(1, threads), new DefaultThreadFactory("urja-push", true));
    this.high = high;
    this.low = low;
    this.onChange = onChange;
  }

  /** Where the push handler of a connection runs. */
  EventExecutorGroup group() {
    return group;
  }

  /**
   * Sits on the event loop just before the handlers that run here, and stops reading as soon as a
   * loop's pass has handed over {@code high} pushes, not once the pass ends.
   */
  ChannelHandler watch() {
    return watch;
  }

  /** Pushes handed over and not yet taken up. */
  int waiting() {
    int n = 0;
    for (EventExecutor e : group) {
      n += ((SingleThreadEventExecutor) e).pendingTasks();
    }
    return n;
  }

  boolean keepUp() {
    return keepsUp.get();
  }

  /**
   * Compares what waits with the bounds, and tells {@code onChange} when that changes whether the
   * threads keep up. Called per push handed over, and periodically, since a paused listener hands
   * nothing over.
   */
  void check() {
    int n = waiting();
    if (n >= high && keepsUp.compareAndSet(true, false)) {
      onChange.accept(false);
    } else if (n <= low && keepsUp.compareAndSet(false, true)) {
      onChange.accept(true);
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }

  @ChannelHandler.Sharable
  private final class Watch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.fireChannelRead(msg);
      check();
    }
  }
}
