package org.urja.headend.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closes a connection whose next request has not fully arrived within the read timeout. An idle
 * timeout would not do: a client trickling one byte a second is never idle. The clock starts when
 * the connection opens and again after each answer, and stops when the request's last byte is read.
 * Sits between the HTTP decoder and the aggregator, so it sees the request's last content.
 */
final class RequestDeadline extends ChannelDuplexHandler {
  private final long timeoutNanos;
  private final LongAdder closed;
  private ScheduledFuture<?> deadline;

  RequestDeadline(Duration timeout, LongAdder closed) {
    this.timeoutNanos = timeout.toNanos();
    this.closed = closed;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    arm(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof LastHttpContent) {
      disarm();
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    // the 100-continue interim answer does not end the request: its body is still to come
    if (msg instanceof HttpResponse r && r.status().code() >= 200) {
      promise = promise.unvoid();
      promise.addListener(
          (ChannelFutureListener)
              f -> {
                if (f.channel().isActive()) {
                  arm(ctx);
                }
              });
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    disarm();
    super.channelInactive(ctx);
  }

  private void arm(ChannelHandlerContext ctx) {
    disarm();
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  closed.increment();
                  ctx.close();
                },
                timeoutNanos,
                TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
