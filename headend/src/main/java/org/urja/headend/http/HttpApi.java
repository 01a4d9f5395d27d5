package org.urja.headend.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head-end's HTTP endpoint. Netty reads requests on its event loop, without a thread per
 * connection, and only a complete request (line, headers and a body of at most {@link
 * HttpSettings#maxBodyBytes()}) reaches a handler on the bounded worker pool. So a client that
 * sends slowly or never finishes holds no worker: it costs one channel until {@link
 * HttpSettings#readTimeout()} closes it. A full worker queue is answered 503 at once.
 *
 * <p>Handlers keep the JDK's {@code com.sun.net.httpserver} shape ({@link HttpHandler}, {@link
 * HttpExchange}); a route claims its path and every path below it, the longest route winning, as
 * with the JDK server's contexts.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private final HttpSettings settings;
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor workers;
  private final EventLoopGroup loop =
      new NioEventLoopGroup(1, new DefaultThreadFactory("urja-http-io", true));
  private final AtomicInteger connections = new AtomicInteger();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder overloaded = new LongAdder();
  private Channel server;

  public HttpApi(int port) {
    this(HttpSettings.defaults(port));
  }

  public HttpApi(HttpSettings settings) {
    this.settings = settings;
    this.workers =
        new ThreadPoolExecutor(
            settings.workerThreads(),
            settings.workerThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.queueCapacity()),
            new DefaultThreadFactory("urja-http", true),
            new ThreadPoolExecutor.AbortPolicy());
  }

  public HttpApi route(String path, HttpHandler handler) {
    routes.put(
        path,
        exchange -> {
          try {
            handler.handle(exchange);
          } catch (RuntimeException | IOException e) {
            log.warn(
                "HTTP {} {} failed: {}",
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                e.toString());
            if (exchange.getResponseCode() < 0) {
              send(
                  exchange,
                  500,
                  "application/json",
                  "{\"code\":\"internal_error\",\"message\":\""
                      + e.getClass().getSimpleName()
                      + "\"}");
            }
          } finally {
            exchange.close();
          }
        });
    return this;
  }

  /** The registered route paths, each claiming every path below it. */
  public java.util.Set<String> mounts() {
    return java.util.Set.copyOf(routes.keySet());
  }

  /** The route claiming {@code path}: the longest registered prefix of it. */
  private Optional<HttpHandler> find(String path) {
    String best = null;
    for (String p : routes.keySet()) {
      if (path.startsWith(p) && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    return Optional.ofNullable(best).map(routes::get);
  }

  public HttpApi start() throws InterruptedException {
    RequestDispatcher dispatcher = new RequestDispatcher(this::find, workers, overloaded);
    server =
        new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new ConnectionLimit())
                        .addLast(new HttpServerCodec(4096, 16 * 1024, 8192))
                        .addLast(new RequestDeadline(settings.readTimeout(), timedOut))
                        .addLast(new BoundedBody(settings.maxBodyBytes()))
                        .addLast(dispatcher);
                  }
                })
            .bind(new InetSocketAddress(settings.bind(), settings.port()))
            .sync()
            .channel();
    log.info(
        "HTTP on {}:{} (/metrics, /health); read timeout {}, {} workers, queue {}",
        settings.bind(),
        port(),
        settings.readTimeout(),
        settings.workerThreads(),
        settings.queueCapacity());
    return this;
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Connections closed because their request did not arrive within the read timeout. */
  public long timedOutConnections() {
    return timedOut.sum();
  }

  /** Requests answered 503 because every worker was busy and the queue full. */
  public long overloadedRequests() {
    return overloaded.sum();
  }

  public static void send(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
  }

  /** Closes connections beyond {@link HttpSettings#maxConnections()} as they open. */
  private final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (connections.incrementAndGet() > settings.maxConnections()) {
        ctx.close();
        return;
      }
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      connections.decrementAndGet();
      super.channelInactive(ctx);
    }
  }

  /**
   * Netty's aggregator, answering an oversized body with the API's JSON error instead of an empty
   * 413.
   */
  private static final class BoundedBody extends HttpObjectAggregator {
    BoundedBody(int maxBytes) {
      super(maxBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      RequestDispatcher.answer(
          ctx,
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "body_too_large",
          "request body over " + maxContentLength() + " bytes",
          false);
    }
  }
}
