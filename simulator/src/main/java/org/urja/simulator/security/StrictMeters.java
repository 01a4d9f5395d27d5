package org.urja.simulator.security;

import io.netty.channel.ChannelHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.urja.protocol.server.CosemServerHandler;
import org.urja.protocol.server.ServerSettings;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * Simulated meters that associate as IS 15959 meters do ({@link ServerSettings#is15959}): the
 * public client (16) reads without security, the meter reader (32) reads with its LLS password,
 * and only utility settings (48, HLS-GMAC, suite-0 ciphering) may SET and ACTION. Each meter's
 * keys and system title are {@link SimulatedKeys} of the fleet seed and its serial.
 *
 * <p>One settings object per meter, shared by all its connections: it holds the meter's frame
 * counter and the client invocation counters it has seen, and a reconnect must not reset either.
 */
public final class StrictMeters {
  private final long seed;
  private final Map<String, ServerSettings> bySerial = new ConcurrentHashMap<>();

  public StrictMeters(long seed) {
    this.seed = seed;
  }

  public ServerSettings settings(String serial) {
    return bySerial.computeIfAbsent(serial,
        s -> ServerSettings.is15959(SimulatedKeys.secrets(seed, s), SimulatedKeys.systemTitle(s)));
  }

  /** The handler answering the head-end for one meter: its COSEM server, strict. */
  public ChannelHandler handlerFor(SimulatedMeter meter) {
    return new CosemServerHandler(meter, settings(meter.serial()));
  }

  /** For {@code TcpFleet}: every meter of a fleet of {@code seed}, strict. */
  public static Function<SimulatedMeter, ChannelHandler> handlers(long seed) {
    return new StrictMeters(seed)::handlerFor;
  }
}
