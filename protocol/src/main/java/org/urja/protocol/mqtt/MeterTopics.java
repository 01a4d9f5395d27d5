package org.urja.protocol.mqtt;

import java.util.List;
import java.util.Optional;

/**
 * The MQTT topics of a meter behind a gateway, defined once for the ingest (which subscribes to
 * data and events), the head-end's relay transport (commands out, replies back) and the simulated
 * gateways: {@code meters/{serial}/data}, {@code /events}, {@code /commands}, {@code /replies}. A
 * topic may carry a {@code $share/group/} prefix when several head-end nodes share a subscription.
 */
public final class MeterTopics {
  public static final String ROOT = "meters";
  public static final String DATA = "data";
  public static final String EVENTS = "events";
  public static final String COMMANDS = "commands";
  public static final String REPLIES = "replies";

  /** What the ingest subscribes to by default. */
  public static final List<String> INGEST_FILTERS = List.of(filter(DATA), filter(EVENTS));

  public static final String REPLIES_FILTER = filter(REPLIES);

  private MeterTopics() {}

  public static String data(String serial) {
    return topic(serial, DATA);
  }

  public static String events(String serial) {
    return topic(serial, EVENTS);
  }

  public static String commands(String serial) {
    return topic(serial, COMMANDS);
  }

  public static String replies(String serial) {
    return topic(serial, REPLIES);
  }

  /** {@code meters/+/{kind}}: every meter's topic of that kind. */
  public static String filter(String kind) {
    return ROOT + "/+/" + kind;
  }

  /**
   * The serial {@code topic} names as {@code meters/{serial}/...}, also behind a {@code
   * $share/group/} prefix.
   */
  public static Optional<String> serialOf(String topic) {
    String[] parts = topic.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals(ROOT) && !parts[i + 1].isBlank()) {
        return Optional.of(parts[i + 1]);
      }
    }
    return Optional.empty();
  }

  /**
   * The serial of a {@code meters/{serial}/{kind}} topic, also behind a {@code $share/group/}
   * prefix.
   */
  public static Optional<String> serialOf(String topic, String kind) {
    String[] parts = topic.split("/");
    for (int i = 0; i + 2 < parts.length; i++) {
      if (parts[i].equals(ROOT) && !parts[i + 1].isBlank() && parts[i + 2].equals(kind)) {
        return Optional.of(parts[i + 1]);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code topic} is a meter's topic of that kind ({@code .../data}, {@code
   * .../events}...).
   */
  public static boolean isKind(String topic, String kind) {
    return topic.endsWith("/" + kind);
  }

  private static String topic(String serial, String kind) {
    return ROOT + "/" + serial + "/" + kind;
  }
}
