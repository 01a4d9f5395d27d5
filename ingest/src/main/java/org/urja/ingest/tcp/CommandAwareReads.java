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
 * Keeps a connection readable while the head-end waits for the meter's answer to its own request,
 * even when the store is behind and every other connection has stopped reading. Without this, a
 * relay ACTION sent while ingest is paused waits for the store to catch up, and times out: measured
 * with {@code bench ledger}, reconnections under full load failed their 10 s timeout and were
 * retried. The few pushes read meanwhile are accepted as always (submissions are never refused), so
 * the bound on what backpressure lets in is the number of commands in flight.
 *
 * <p>Sits between the wrapper codec and the association handlers, so it sees frames, not bytes.
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
    boolean answer = msg instanceof WrapperFrame f && isAnswer(f);
    super.channelRead(ctx, msg);
    if (answer) {
      ctx.channel().attr(AWAITING_ANSWER).set(Boolean.FALSE);
      ctx.channel().config().setAutoRead(serverReading.getAsBoolean());
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
