package org.urja.headend.commands.mqtt;

import java.util.Optional;

/** The topics of relay commands over MQTT: {@code meters/{serial}/commands} out, {@code meters/{serial}/replies} back. */
public final class RelayTopics {
  public static final String REPLIES_FILTER = "meters/+/replies";

  private RelayTopics() {}

  public static String commands(String serial) {
    return "meters/" + serial + "/commands";
  }

  public static String replies(String serial) {
    return "meters/" + serial + "/replies";
  }

  /** The serial a reply topic names, also behind a {@code $share/group/} prefix. */
  public static Optional<String> serialOfReply(String topic) {
    String[] parts = topic.split("/");
    for (int i = 0; i + 2 < parts.length; i++) {
      if (parts[i].equals("meters") && !parts[i + 1].isBlank() && parts[i + 2].equals("replies")) {
        return Optional.of(parts[i + 1]);
      }
    }
    return Optional.empty();
  }
}
