package org.urja.ingest.session;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.time.Instant;

/** A meter's live TCP connection to this head-end node. */
public final class MeterSession {
  private final String serial;
  private final Channel channel;
  private final Instant connectedAt;
  private volatile Instant lastSeen;

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

  public boolean isActive() {
    return channel.isActive();
  }
}
