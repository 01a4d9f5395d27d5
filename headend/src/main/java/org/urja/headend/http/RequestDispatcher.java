package org.urja.headend.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Hands each complete request to a worker, or answers at once on the event loop when it cannot: 400
 * for a request Netty could not decode, 404 for a path no route claims, 503 when the worker queue
 * is full (an overloaded head-end says so in microseconds instead of holding the client).
 */
@ChannelHandler.Sharable
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final Function<String, Optional<HttpHandler>> routes;
  private final Executor workers;
  private final LongAdder rejected;

  RequestDispatcher(
      Function<String, Optional<HttpHandler>> routes, Executor workers, LongAdder rejected) {
    this.routes = routes;
    this.workers = workers;
    this.rejected = rejected;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      answer(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "bad_request",
          "the request could not be read as HTTP/1.1",
          false);
      return;
    }
    URI uri;
    try {
      uri = new URI(req.uri());
    } catch (URISyntaxException e) {
      answer(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "bad_request",
          "the request target is not a valid URI",
          false);
      return;
    }
    String path = uri.getPath() == null ? "/" : uri.getPath();
    Optional<HttpHandler> handler = routes.apply(path);
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (handler.isEmpty()) {
      answer(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no route for " + path, keepAlive);
      return;
    }
    Headers headers = new Headers();
    for (Map.Entry<String, String> h : req.headers()) {
      headers.add(h.getKey(), h.getValue());
    }
    BufferedExchange exchange =
        new BufferedExchange(
            ctx.channel(),
            req.method().name(),
            uri,
            req.protocolVersion().text(),
            keepAlive,
            headers,
            ByteBufUtil.getBytes(req.content()));
    try {
      workers.execute(
          () -> {
            try {
              handler.get().handle(exchange);
            } catch (Exception e) {
              // HttpApi's route wrapper answers handler failures; this is only a last guard
              ctx.close();
            } finally {
              exchange.close();
            }
          });
    } catch (RejectedExecutionException e) {
      rejected.increment();
      answer(
          ctx,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "overloaded",
          "the head-end is busy; retry shortly",
          false);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /**
   * A JSON error written from the event loop; {@code keepAlive} false closes the connection after
   * it.
   */
  static void answer(
      ChannelHandlerContext ctx,
      HttpResponseStatus status,
      String code,
      String message,
      boolean keepAlive) {
    byte[] body =
        ("{\"code\":\""
                + code
                + "\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    if (!keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var written = ctx.writeAndFlush(r);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
