package org.urja.ingest.session;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters connected to this node, by serial: the one owner of "which channel reaches meter X".
 * A serial's session is held by the first live connection that claimed it; a second connection
 * claiming it is told who holds it ({@link Claim#incumbent()}) and gets it only by an explicit
 * {@link #takeOver}, which the TCP listener does after the incumbent failed to answer. Closing an old
 * channel never removes a newer session.
 */
public final class MeterSessions {
  /** Told of associations opening and closing, on the Netty thread: must not block. */
  public interface Listener {
    void opened(MeterSession session);

    void closed(String serial);

    Listener NONE = new Listener() {
      @Override
      public void opened(MeterSession session) {}

      @Override
      public void closed(String serial) {}
    };
  }

  private final ConcurrentHashMap<String, MeterSession> bySerial = new ConcurrentHashMap<>();
  private volatile Listener listener = Listener.NONE;

  /** The one listener (the node's {@link SessionDirectory}). */
  public void listen(Listener l) {
    this.listener = l;
  }

  /**
   * What became of a connection's claim to a serial: either it holds the session ({@code session}),
   * or another live connection does ({@code incumbent}) and nothing changed.
   */
  public record Claim(MeterSession session, MeterSession incumbent) {
    public boolean granted() {
      return session != null;
    }
  }

  /**
   * Records that {@code channel} spoke for {@code serial}. Granted when no live connection holds the
   * serial or this one already does; otherwise the live holder stays and is returned.
   */
  public Claim claim(String serial, Channel channel, Instant now) {
    boolean[] opened = new boolean[1];
    MeterSession[] holder = new MeterSession[1];
    bySerial.compute(serial, (k, old) -> {
      if (old != null && (old.channel() == channel || old.channel().isActive())) {
        holder[0] = old;
        return old;
      }
      opened[0] = true;
      holder[0] = new MeterSession(serial, channel, now);
      return holder[0];
    });
    MeterSession s = holder[0];
    if (s.channel() != channel) {
      return new Claim(null, s);
    }
    s.seen(now);
    if (opened[0]) {
      listener.opened(s);
    }
    return new Claim(s, null);
  }

  /**
   * Gives {@code serial} to {@code channel} if {@code incumbent} still holds it (or nobody live
   * does), closing the incumbent's connection. Empty when a third connection got there first.
   */
  public Optional<MeterSession> takeOver(String serial, MeterSession incumbent, Channel channel, Instant now) {
    boolean[] taken = new boolean[1];
    MeterSession s = bySerial.compute(serial, (k, old) -> {
      if (old == null || old == incumbent || !old.channel().isActive()) {
        taken[0] = true;
        return new MeterSession(serial, channel, now);
      }
      return old;
    });
    if (!taken[0]) {
      return Optional.empty();
    }
    incumbent.channel().close();
    listener.opened(s);
    return Optional.of(s);
  }

  public void closed(String serial, Channel channel) {
    boolean[] removed = new boolean[1];
    bySerial.computeIfPresent(serial, (k, s) -> {
      if (s.channel() == channel) {
        removed[0] = true;
        return null;
      }
      return s;
    });
    if (removed[0]) {
      listener.closed(serial);
    }
  }

  public Optional<MeterSession> find(String serial) {
    MeterSession s = bySerial.get(serial);
    return s != null && s.isActive() ? Optional.of(s) : Optional.empty();
  }

  public int connected() {
    return bySerial.size();
  }

  public Collection<MeterSession> all() {
    return bySerial.values();
  }
}
