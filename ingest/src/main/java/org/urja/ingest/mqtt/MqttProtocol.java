package org.urja.ingest.mqtt;

import java.util.Locale;

/** Which MQTT protocol level a head-end client speaks. */
public enum MqttProtocol {
  /**
   * MQTT 5: session expiry, so a departed node's session and its share of a shared subscription
   * end.
   */
  V5,
  /**
   * MQTT 3.1.1: sessions live until the broker's own expiry (Mosquitto: {@code
   * persistent_client_expiration}).
   */
  V3_1_1,
  /** MQTT 5, or 3.1.1 when the broker refuses 5 (the embedded Moquette 0.17 speaks only 3.1.1). */
  AUTO;

  /** Parses the {@code mqtt.version} setting: {@code 5}, {@code 3.1.1} or {@code auto}. */
  public static MqttProtocol parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "5":
      case "5.0":
        return V5;
      case "3.1.1":
      case "3":
        return V3_1_1;
      case "auto":
        return AUTO;
      default:
        throw new IllegalArgumentException("mqtt.version must be 5, 3.1.1 or auto, not " + text);
    }
  }
}
