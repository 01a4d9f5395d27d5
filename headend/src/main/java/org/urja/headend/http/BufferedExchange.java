package org.urja.headend.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete request read by Netty, seen by handlers through the JDK's {@link HttpExchange}, so
 * routes written for {@code com.sun.net.httpserver} run unchanged. The body is already in memory
 * (bounded by {@code http.max.body}); the answer is buffered and written to the connection on
 * {@link #close()}, from the worker thread (Netty's writes are thread-safe).
 */
final class BufferedExchange extends HttpExchange {
  private final Channel channel;
  private final String method;
  private final URI uri;
  private final String protocol;
  private final boolean keepAlive;
  private final Headers requestHeaders;
  private final Headers responseHeaders = new Headers();
  private final Map<String, Object> attributes = new HashMap<>();
  private InputStream in;
  private OutputStream out;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private int status = -1;
  private boolean closed;

  BufferedExchange(
      Channel channel,
      String method,
      URI uri,
      String protocol,
      boolean keepAlive,
      Headers requestHeaders,
      byte[] body) {
    this.channel = channel;
    this.method = method;
    this.uri = uri;
    this.protocol = protocol;
    this.keepAlive = keepAlive;
    this.requestHeaders = requestHeaders;
    this.in = new ByteArrayInputStream(body);
    this.out = buffer;
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  /** Routes are matched by {@link HttpApi} itself; there is no JDK context behind an exchange. */
  @Override
  public HttpContext getHttpContext() {
    return null;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (status < 0) {
      // the handler gave no answer at all: like the JDK server, drop the connection
      channel.close();
      return;
    }
    byte[] body = buffer.toByteArray();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
      response.headers().set(h.getKey(), h.getValue());
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var written = channel.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public InputStream getRequestBody() {
    return in;
  }

  @Override
  public OutputStream getResponseBody() {
    return out;
  }

  /**
   * As the JDK's: {@code length} -1 means no body; any other value is ignored, the body being
   * buffered.
   */
  @Override
  public synchronized void sendResponseHeaders(int code, long length) {
    if (status >= 0) {
      throw new IllegalStateException("response headers already sent");
    }
    status = code;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public String getProtocol() {
    return protocol;
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    if (i != null) {
      in = i;
    }
    if (o != null) {
      out = o;
    }
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }
}
