package org.urja.ingest.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
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
 */
final class CipheredPushOpener extends ChannelInboundHandlerAdapter {
  static final int MAX_WAITING = 64;

  /** A ciphered push whose tag verified and whose frame counter was new. */
  record Opened(PushSecurity.Admitted admitted, byte[] apdu, long receivedNanos) {}

  /** A ciphered push refused: {@code reason} is the metric tag. */
  record Refused(String reason, String message) {}

  private final PushSecurity security;
  private final Executor blocking;
  private final ArrayDeque<WrapperFrame> waiting = new ArrayDeque<>();
  private boolean opening;
  // the meter closed its side: close ours once the frames it sent before are opened and handed on
  private boolean inputShutdown;

  CipheredPushOpener(PushSecurity security, Executor blocking) {
    this.security = security;
    this.blocking = blocking;
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
      CompletableFuture.supplyAsync(() -> security.open(apdu), blocking)
          .whenComplete(
              (admitted, err) ->
                  ctx.channel()
                      .eventLoop()
                      .execute(
                          () -> {
                            waiting.poll();
                            opening = false;
                            ctx.fireChannelRead(
                                err == null
                                    ? new Opened(admitted, apdu, receivedNanos)
                                    : refused(err));
                            if (ctx.channel().isActive()) {
                              next(ctx);
                            } else {
                              waiting.clear();
                            }
                          }));
      return;
    }
    if (inputShutdown) {
      ctx.close();
    }
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
    Throwable t =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (t instanceof PushRefusedException r) {
      return new Refused(r.reason(), r.getMessage());
    }
    if (t instanceof AxdrException) {
      return new Refused("axdr", t.getMessage());
    }
    // the database or the keys could not answer: nothing accepted, and said so
    return new Refused("security_unavailable", String.valueOf(t.getMessage()));
  }
}
