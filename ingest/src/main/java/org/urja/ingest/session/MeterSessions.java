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
  private final ConcurrentHashMap<String, MeterSession> bySerial = new ConcurrentHashMap<>();

  /** Records that {@code serial} spoke on {@code channel}; returns the session. */
  public MeterSession identified(String serial, Channel channel, Instant now) {
    MeterSession s = bySerial.compute(serial, (k, old) -> {
      if (old != null && old.channel() == channel) {
        return old;
      }
      if (old != null && old.channel().isActive()) {
        // the meter dialled again without closing the old link (GPRS drops are silent)
        old.channel().close();
      }
      return new MeterSession(serial, channel, now);
    });
    s.seen(now);
    return s;
  }

  public void closed(String serial, Channel channel) {
    bySerial.computeIfPresent(serial, (k, s) -> s.channel() == channel ? null : s);
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
