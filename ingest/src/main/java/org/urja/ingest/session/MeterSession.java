package org.urja.ingest.session;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * A meter's live TCP connection to this head-end node. A session is authenticated once its identity
 * was proven at the wire (an authenticated ciphered push from the system title mapped to its
 * serial, or an HLS association the head-end opened over it); it stays so for the connection's
 * life.
 */
public final class MeterSession {
  private final String serial;
  private final Channel channel;
  private final Instant connectedAt;
  private volatile Instant lastSeen;
  private volatile boolean authenticated;

  public MeterSession(String serial, Channel channel, Instant connectedAt) {
    this.serial = serial;
    this.channel = channel;
    this.connectedAt = connectedAt;
    this.lastSeen = connectedAt;
  }

  public String serial() {
    return serial;
  }

  public Channel channel() {
    return channel;
  }

  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  public void seen(Instant t) {
    lastSeen = t;
  }

  public boolean authenticated() {
    return authenticated;
  }

  /** The meter on this connection proved who it is; never undone for this connection. */
  public void authenticate() {
    authenticated = true;
  }

  public boolean isActive() {
    return channel.isActive();
  }
}
