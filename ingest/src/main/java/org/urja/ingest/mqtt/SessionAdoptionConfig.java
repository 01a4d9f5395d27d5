package org.urja.ingest.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * How live nodes adopt the MQTT session of a node that left a shared subscription (docs/MQTT.md,
 * "Adopting a departed node's session").
 *
 * @param enabled {@code mqtt.adopt}; takes effect only when some topic filter is shared
 * @param heartbeat {@code mqtt.heartbeat}: how often a node records that it is alive, and looks for
 *     departed ones
 * @param adoptAfter {@code mqtt.adopt.after}: a client id not heard of for this long is adopted;
 *     also the adopter's lease, and how long a node must itself have been heard of without a gap
 *     before it adopts (after a database outage every heartbeat is old, and no live node may be
 *     taken for a departed one)
 * @param drainIdle the adopter ends the session once nothing arrived for this long and every
 *     message it got is acknowledged
 */
public record SessionAdoptionConfig(
    boolean enabled, Duration heartbeat, Duration adoptAfter, Duration drainIdle) {
  public static final SessionAdoptionConfig DEFAULTS =
      new SessionAdoptionConfig(
          true, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(3));

  public SessionAdoptionConfig {
    Objects.requireNonNull(heartbeat, "mqtt.heartbeat");
    Objects.requireNonNull(adoptAfter, "mqtt.adopt.after");
    Objects.requireNonNull(drainIdle, "drainIdle");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("mqtt.heartbeat must be positive");
    }
    if (adoptAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "mqtt.adopt.after must be at least twice mqtt.heartbeat, or a live node that missed one"
              + " beat would be adopted");
    }
  }

  public static SessionAdoptionConfig off() {
    return new SessionAdoptionConfig(
        false, DEFAULTS.heartbeat, DEFAULTS.adoptAfter, DEFAULTS.drainIdle);
  }

  public SessionAdoptionConfig withTimes(Duration every, Duration after) {
    return new SessionAdoptionConfig(enabled, every, after, drainIdle);
  }
}
