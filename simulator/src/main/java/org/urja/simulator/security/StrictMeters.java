package org.urja.simulator.security;

import io.netty.channel.ChannelHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.urja.protocol.security.CipheredPushes;
import org.urja.protocol.server.CosemServerHandler;
import org.urja.protocol.server.ServerSettings;
import org.urja.protocol.server.StrictAssociations;
import org.urja.simulator.meter.SimulatedMeter;
import org.urja.simulator.push.PushEncoding;

/**
 * Simulated meters that associate as IS 15959 meters do ({@link ServerSettings#is15959}): the
 * public client (16) reads without security, the meter reader (32) reads with its LLS password, and
 * only utility settings (48, HLS-GMAC, suite-0 ciphering) may SET and ACTION. Each meter's keys and
 * system title are {@link SimulatedKeys} of the fleet seed and its serial.
 *
 * <p>One settings object per meter, shared by all its connections: it holds the meter's frame
 * counter and the client invocation counters it has seen, and a reconnect must not reset either.
 */
public final class StrictMeters {
  /**
   * One per seed, so that a fleet's handlers and its push sealing share each meter's frame counter.
   */
  private static final Map<Long, StrictMeters> BY_SEED = new ConcurrentHashMap<>();

  private final long seed;
  private final Map<String, ServerSettings> bySerial = new ConcurrentHashMap<>();

  public StrictMeters(long seed) {
    this.seed = seed;
  }

  public ServerSettings settings(String serial) {
    return bySerial.computeIfAbsent(
        serial,
        s -> ServerSettings.is15959(SimulatedKeys.secrets(seed, s), SimulatedKeys.systemTitle(s)));
  }

  /** The handler answering the head-end for one meter: its COSEM server, strict. */
  public ChannelHandler handlerFor(SimulatedMeter meter) {
    return new CosemServerHandler(meter, settings(meter.serial()));
  }

  /**
   * Pushes sealed as an IS 15959 meter configured for ciphered pushes sends them (general-glo-
   * ciphering, suite 0, under the meter's EK and AK), with the same frame counter as its
   * association responses: the head-end keeps one counter per meter and refuses anything not above
   * it.
   */
  public PushEncoding cipheredPushes() {
    return (serial, push) -> {
      StrictAssociations meter = settings(serial).strict().orElseThrow();
      return CipheredPushes.seal(
          push, meter.systemTitle(), meter.nextFrameCounter(), SimulatedKeys.secrets(seed, serial));
    };
  }

  /** The meters of a fleet of {@code seed}, shared by its handlers and its push sealing. */
  public static StrictMeters of(long seed) {
    return BY_SEED.computeIfAbsent(seed, StrictMeters::new);
  }

  /** For {@code TcpFleet}: every meter of a fleet of {@code seed}, strict. */
  public static Function<SimulatedMeter, ChannelHandler> handlers(long seed) {
    return of(seed)::handlerFor;
  }

  /**
   * For {@code TcpFleet.pushEncoding} / {@code MqttFleet.pushEncoding}: a fleet of {@code seed}'s
   * sealed pushes.
   */
  public static PushEncoding cipheredPushes(long seed) {
    return of(seed).cipheredPushes();
  }
}
