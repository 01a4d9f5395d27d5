package org.urja.protocol.axdr;

/**
 * Bytes that are not valid A-XDR / xDLMS. The message says where and why, for the operator's log.
 */
public class AxdrException extends RuntimeException {
  public AxdrException(String message) {
    super(message);
  }
}
