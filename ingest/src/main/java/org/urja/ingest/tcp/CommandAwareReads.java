package org.urja.ingest.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.util.function.BooleanSupplier;
import org.urja.protocol.apdu.DataNotification;
import org.urja.protocol.wrapper.WrapperFrame;

/**
 * Keeps a connection readable while the store is behind and every other connection has stopped
 * reading, in two cases:
 *
 * <ul>
 *   <li>the head-end waits for the meter's answer to its own request. Without this, a relay ACTION
 *       sent while ingest is paused waits for the store to catch up, and times out: measured with
 *       {@code bench ledger}, reconnections under full load failed their 10 s timeout and were
 *       retried;
 *   <li>the connection's meter is not identified yet. A meter that connects to a saturated node
 *       would otherwise not be read until the store catches up, which at ingest's ceiling is tens
 *       of seconds at a time: measured with {@code bench ledger --ceiling}, none of 20 new meters
 *       was identified within 90 s, so none could be charged or switched. It reads until its first
 *       push names it.
 * </ul>
 *
 * The pushes read meanwhile are accepted as always (submissions are never refused), so what
 * backpressure lets in beyond its bound is limited by the commands in flight and the connections
 * not yet identified.
 *
 * <p>The answer that ends a request may itself send the next one (the client sends a queued
 * request, the next block of a long answer, or the HLS reply to the meter's challenge while it
 * handles the answer): the connection is marked as waiting again by that write, so it is paused
 * only if nothing was sent. Before this was so, a relay command's HLS step and a profile's next
 * block went out on a paused connection and their answers waited, unread, for the store to catch
 * up.
 *
 * <p>Sits between the wrapper codec and the association handlers, so it sees frames, not bytes. It
 * only ever pauses a connection here, never resumes one: a connection paused by its own ciphered
 * pushes ({@link CipheredPushOpener}) stays paused.
 */
final class CommandAwareReads extends ChannelDuplexHandler {
  static final AttributeKey<Boolean> AWAITING_ANSWER =
      AttributeKey.valueOf("urja.command.awaiting");
  private static final int EVENT_NOTIFICATION_TAG = 0xC2;

  private final BooleanSupplier serverReading;

  CommandAwareReads(BooleanSupplier serverReading) {
    this.serverReading = serverReading;
  }

  static boolean awaitingAnswer(Channel ch) {
    return Boolean.TRUE.equals(ch.attr(AWAITING_ANSWER).get());
  }

  /**
   * True for a connection that reads even while the store is behind: waiting for an answer, or not
   * identified yet unless its ciphered pushes hold it ({@link CipheredPushOpener#holdsReads}).
   */
  static boolean keepsReading(Channel ch) {
    return awaitingAnswer(ch)
        || (ch.attr(PushHandler.SERIAL).get() == null && !CipheredPushOpener.holdsReads(ch));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof WrapperFrame) {
      ctx.channel().attr(AWAITING_ANSWER).set(Boolean.TRUE);
      ctx.channel().config().setAutoRead(true);
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    Channel ch = ctx.channel();
    if (msg instanceof WrapperFrame f && isAnswer(f)) {
      // cleared before the answer is handled: a request sent while handling it sets it again
      ch.attr(AWAITING_ANSWER).set(Boolean.FALSE);
    }
    super.channelRead(ctx, msg);
    if (!serverReading.getAsBoolean() && !keepsReading(ch)) {
      ch.config().setAutoRead(false);
    }
  }

  private static boolean isAnswer(WrapperFrame f) {
    byte[] apdu = f.apduUnsafe();
    if (apdu.length == 0) {
      return false;
    }
    int tag = apdu[0] & 0xFF;
    return tag != DataNotification.TAG && tag != EVENT_NOTIFICATION_TAG;
  }
}
