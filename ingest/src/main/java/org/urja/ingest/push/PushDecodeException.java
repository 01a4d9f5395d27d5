package org.urja.ingest.push;

/** A DataNotification that is valid A-XDR but does not fit any known push layout. */
public class PushDecodeException extends RuntimeException {
  public PushDecodeException(String message) {
    super(message);
  }
}
