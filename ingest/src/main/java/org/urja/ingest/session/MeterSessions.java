package org.urja.ingest.session;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters connected to this node, by serial: the one owner of "which channel reaches meter X".
 * A meter that reconnects replaces its old session; closing an old channel never removes the new
 * one.
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

  /** Records that {@code serial} spoke on {@code channel}; returns the session. */
  public MeterSession identified(String serial, Channel channel, Instant now) {
    boolean[] opened = new boolean[1];
    MeterSession s = bySerial.compute(serial, (k, old) -> {
      if (old != null && old.channel() == channel) {
        return old;
      }
      if (old != null && old.channel().isActive()) {
        // the meter dialled again without closing the old link (GPRS drops are silent)
        old.channel().close();
      }
      opened[0] = true;
      return new MeterSession(serial, channel, now);
    });
    s.seen(now);
    if (opened[0]) {
      listener.opened(s);
    }
    return s;
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
