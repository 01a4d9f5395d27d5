package org.urja.ingest.session;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters connected to this node, by serial: the one owner of "which channel reaches meter X". A
 * serial's session is held by the first live connection that claimed it; a second connection
 * claiming it is told who holds it ({@link Claim#incumbent()}) and gets it only by an explicit
 * {@link #takeOver}, which the TCP listener does after the incumbent failed to answer. Closing an
 * old channel never removes a newer session.
 */
public final class MeterSessions {
  /** Told of associations opening and closing, on the Netty thread: must not block. */
  public interface Listener {
    void opened(MeterSession session);

    void closed(String serial);

    /** Given the sessions it listens to, once, by {@link MeterSessions#listen}. */
    default void attached(MeterSessions sessions) {}

    Listener NONE =
        new Listener() {
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
    l.attached(this);
  }

  /**
   * What became of a connection's claim to a serial: either it holds the session ({@code session}),
   * or another live connection does ({@code incumbent}) and nothing changed.
   */
  public record Claim(MeterSession session, MeterSession incumbent, boolean opened) {
    public Claim(MeterSession session, MeterSession incumbent) {
      this(session, incumbent, false);
    }

    public boolean granted() {
      return session != null;
    }
  }

  /**
   * Records that {@code channel} spoke for {@code serial}. Granted when no live connection holds
   * the serial or this one already does; otherwise the live holder stays and is returned.
   */
  public Claim claim(String serial, Channel channel, Instant now) {
    return claim(serial, channel, now, false);
  }

  /**
   * As {@link #claim(String, Channel, Instant)}; {@code authenticated}: this claim comes with proof
   * (an authenticated ciphered push), so a granted session becomes authenticated. {@link
   * Claim#opened()} says the session is new (this connection did not hold it before).
   */
  public Claim claim(String serial, Channel channel, Instant now, boolean authenticated) {
    boolean[] opened = new boolean[1];
    MeterSession[] holder = new MeterSession[1];
    bySerial.compute(
        serial,
        (k, old) -> {
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
    if (authenticated) {
      s.authenticate();
    }
    if (opened[0]) {
      listener.opened(s);
    }
    return new Claim(s, null, opened[0]);
  }

  /**
   * An HLS association the head-end opened over {@code channel} proved that it reaches {@code
   * serial}: its session, if this channel holds it, becomes authenticated.
   */
  public boolean authenticated(String serial, Channel channel) {
    MeterSession s = bySerial.get(serial);
    if (s == null || s.channel() != channel) {
      return false;
    }
    s.authenticate();
    return true;
  }

  /**
   * Gives {@code serial} to {@code channel} if {@code incumbent} still holds it (or nobody live
   * does), closing the incumbent's connection. Empty when a third connection got there first.
   */
  public Optional<MeterSession> takeOver(
      String serial, MeterSession incumbent, Channel channel, Instant now) {
    return takeOver(serial, incumbent, channel, now, false);
  }

  /**
   * As {@link #takeOver(String, MeterSession, Channel, Instant)}, the new session authenticated or
   * not.
   */
  public Optional<MeterSession> takeOver(
      String serial, MeterSession incumbent, Channel channel, Instant now, boolean authenticated) {
    boolean[] taken = new boolean[1];
    MeterSession s =
        bySerial.compute(
            serial,
            (k, old) -> {
              if (old == null || old == incumbent || !old.channel().isActive()) {
                taken[0] = true;
                return new MeterSession(serial, channel, now);
              }
              return old;
            });
    if (!taken[0]) {
      return Optional.empty();
    }
    if (authenticated) {
      s.authenticate();
    }
    incumbent.channel().close();
    listener.opened(s);
    return Optional.of(s);
  }

  public void closed(String serial, Channel channel) {
    boolean[] removed = new boolean[1];
    bySerial.computeIfPresent(
        serial,
        (k, s) -> {
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
