package org.urja.headend.commands.mqtt;

import java.util.Optional;
import org.urja.protocol.mqtt.MeterTopics;

/**
 * The topics of relay commands over MQTT: {@code meters/{serial}/commands} out, {@code
 * meters/{serial}/replies} back, as the protocol's {@link MeterTopics} defines them for the
 * gateways too.
 */
public final class RelayTopics {
  public static final String REPLIES_FILTER = MeterTopics.REPLIES_FILTER;

  private RelayTopics() {}

  public static String commands(String serial) {
    return MeterTopics.commands(serial);
  }

  public static String replies(String serial) {
    return MeterTopics.replies(serial);
  }

  /** The serial a reply topic names, also behind a {@code $share/group/} prefix. */
  public static Optional<String> serialOfReply(String topic) {
    return MeterTopics.serialOf(topic, MeterTopics.REPLIES);
  }
}
