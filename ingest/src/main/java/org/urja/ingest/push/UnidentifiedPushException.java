package org.urja.ingest.push;

/**
 * A push whose layout carries neither the serial nor the logical device name, on a connection whose
 * meter is not known yet: the head-end must ask the meter who it is.
 */
public class UnidentifiedPushException extends PushDecodeException {
  public UnidentifiedPushException(String layout) {
    super("push '" + layout + "' does not identify the meter and the connection has no serial yet");
  }
}
