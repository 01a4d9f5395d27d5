package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.push.PushRefusedException;
import org.urja.ingest.push.PushSecurity;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * Opens a connection's ciphered pushes before the push handler sees them. Opening reads the
 * database (the sender's keys, the frame counter), so it runs on {@code blocking}, never on the
 * event loop; the connection's frames stay in order: while one is being opened, later frames (plain
 * ones too) wait behind it, at most {@link #MAX_WAITING}. What comes out, on the event loop, is an
 * {@link Opened} push or a {@link Refused} one, which the push handler stores or counts and logs.
 * Frames received before the meter hangs up are still opened and stored. One instance per
 * connection.
 *
 * <p>A push whose checks cannot be made because the database does not answer is a fault of this
 * node, not of the push: it is held, at the head of the connection's frames, and tried again with a
 * growing pause (up to {@link #LONGEST_PAUSE}) for as long as the outage lasts, while the
 * connection stops reading ({@link #PAUSE_AT} frames waiting pause it too), so TCP's own flow
 * control holds the meter's next pushes in its buffers instead of this node refusing them. A
 * DataNotification is never confirmed, so a refused push is lost for good; a held one is stored
 * when the database is back. The retry accepts the frame counter it already tried once more ({@link
 * PushSecurity#open(byte[], boolean)}): the failed attempt may have recorded it before its answer
 * was lost. Beyond {@link #MAX_WAITING} frames (a meter that keeps writing into a paused connection
 * cannot, TCP stops it) the excess is refused and counted.
 */
final class CipheredPushOpener extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(CipheredPushOpener.class);
  static final int PAUSE_AT = 64;
  static final int MAX_WAITING = 1024;
  static final long FIRST_PAUSE_MS = 100;
  static final long LONGEST_PAUSE_MS = 5_000;
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  // an outage holds every ciphered connection at once: one warning a while for the node, not one
  // each
  private static final AtomicInteger HOLDING = new AtomicInteger();
  private static final AtomicLong LAST_WARNED =
      new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  /** A ciphered push whose tag verified and whose frame counter was new. */
  record Opened(PushSecurity.Admitted admitted, byte[] apdu, long receivedNanos) {}

  /** A ciphered push refused: {@code reason} is the metric tag. */
  record Refused(String reason, String message) {}

  /**
   * Set while this opener holds the connection's reads (frames waiting, or a push that cannot be
   * checked now): the server's own pause and resume leave an unidentified connection alone then.
   */
  static final AttributeKey<Boolean> HOLDS_READS = AttributeKey.valueOf("urja.cipher.holds");

  static boolean holdsReads(Channel ch) {
    return Boolean.TRUE.equals(ch.attr(HOLDS_READS).get());
  }

  private final PushSecurity security;
  private final Executor blocking;
  private final BooleanSupplier serverReading;
  private final Predicate<String> readFirst;
  private final ArrayDeque<WrapperFrame> waiting = new ArrayDeque<>();
  private boolean opening;
  // the frame at the head could not be checked (database down): the next try is a retry
  private int failedTries;
  private boolean paused;
  // the meter closed its side: close ours once the frames it sent before are opened and handed on
  private boolean inputShutdown;

  /**
   * @param serverReading whether the server as a whole is reading (its store keeps up): what a
   *     connection this opener paused goes back to when its frames are opened
   * @param readFirst meters that read even while the store is behind ({@link
   *     MeterTcpServer#readFirst})
   */
  CipheredPushOpener(
      PushSecurity security,
      Executor blocking,
      BooleanSupplier serverReading,
      Predicate<String> readFirst) {
    this.security = security;
    this.blocking = blocking;
    this.serverReading = serverReading;
    this.readFirst = readFirst;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WrapperFrame f)
        || (!opening && !PushSecurity.isCiphered(f.apduUnsafe()))) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      ctx.fireChannelRead(
          new Refused(
              "cipher_backlog",
              MAX_WAITING + " frames already wait for a ciphered push " + "to be checked"));
      return;
    }
    waiting.add(f);
    if (waiting.size() >= PAUSE_AT) {
      pause(ctx);
    }
    if (!opening) {
      next(ctx);
    }
  }

  private void next(ChannelHandlerContext ctx) {
    while (!waiting.isEmpty()) {
      WrapperFrame f = waiting.peek();
      if (!PushSecurity.isCiphered(f.apduUnsafe())) {
        ctx.fireChannelRead(waiting.poll());
        continue;
      }
      opening = true;
      long receivedNanos = System.nanoTime();
      byte[] apdu = f.apduUnsafe();
      boolean retry = failedTries > 0;
      CompletableFuture.supplyAsync(() -> security.open(apdu, retry), blocking)
          .whenComplete(
              (admitted, err) ->
                  ctx.channel()
                      .eventLoop()
                      .execute(() -> opened(ctx, apdu, receivedNanos, admitted, err)));
      return;
    }
    if (inputShutdown) {
      ctx.close();
    }
  }

  private void opened(
      ChannelHandlerContext ctx,
      byte[] apdu,
      long receivedNanos,
      PushSecurity.Admitted admitted,
      Throwable err) {
    if (!ctx.channel().isActive()) {
      gaveUp();
      return;
    }
    if (err != null && unwrap(err) instanceof PushSecurity.UnavailableException u) {
      hold(ctx, u);
      return;
    }
    if (failedTries > 0) {
      HOLDING.decrementAndGet();
      log.debug(
          "ciphered push from {} checked after {} tries",
          ctx.channel().remoteAddress(),
          failedTries + 1);
    }
    failedTries = 0;
    waiting.poll();
    opening = false;
    ctx.fireChannelRead(err == null ? new Opened(admitted, apdu, receivedNanos) : refused(err));
    if (paused && waiting.size() < PAUSE_AT / 2) {
      resume(ctx);
    }
    next(ctx);
  }

  /** The head frame stays where it is; the connection stops reading until it can be checked. */
  private void hold(ChannelHandlerContext ctx, PushSecurity.UnavailableException why) {
    if (failedTries == 0) {
      HOLDING.incrementAndGet();
    }
    long now = System.nanoTime();
    long last = LAST_WARNED.get();
    if (now - last >= WARN_EVERY_NANOS && LAST_WARNED.compareAndSet(last, now)) {
      log.warn(
          "{} connection(s) hold a ciphered push that cannot be checked now, their reads paused"
              + " until it can: {}",
          HOLDING.get(),
          why.getMessage());
    }
    failedTries++;
    pause(ctx);
    long pauseMs = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS << Math.min(failedTries - 1, 16));
    ctx.executor()
        .schedule(
            () -> {
              opening = false;
              if (ctx.channel().isActive()) {
                next(ctx);
              } else {
                gaveUp();
              }
            },
            pauseMs,
            TimeUnit.MILLISECONDS);
  }

  /** The meter's connection is gone: what it sent and this node had not opened goes with it. */
  private void gaveUp() {
    waiting.clear();
    opening = false;
    if (failedTries > 0) {
      HOLDING.decrementAndGet();
      failedTries = 0;
    }
  }

  private void pause(ChannelHandlerContext ctx) {
    paused = true;
    ctx.channel().attr(HOLDS_READS).set(Boolean.TRUE);
    ctx.channel().config().setAutoRead(false);
  }

  private void resume(ChannelHandlerContext ctx) {
    paused = false;
    ctx.channel().attr(HOLDS_READS).set(Boolean.FALSE);
    ctx.channel()
        .config()
        .setAutoRead(
            serverReading.getAsBoolean()
                || CommandAwareReads.keepsReading(ctx.channel(), readFirst));
  }

  private static Throwable unwrap(Throwable err) {
    return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
  }

  /**
   * A meter that sends its pushes and hangs up must not lose those still being opened: the channel
   * allows half-closure ({@link io.netty.channel.ChannelOption#ALLOW_HALF_CLOSURE}), and the end of
   * its input closes the connection only once every frame received before it has been handed on.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputShutdown = true;
      if (!opening && waiting.isEmpty()) {
        ctx.close();
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  private static Refused refused(Throwable err) {
    Throwable t = unwrap(err);
    if (t instanceof PushRefusedException r) {
      return new Refused(r.reason(), r.getMessage());
    }
    if (t instanceof AxdrException) {
      return new Refused("axdr", t.getMessage());
    }
    // not a database fault (those are held above): a defect met on this push, counted and logged
    return new Refused("unexpected", String.valueOf(t));
  }
}
