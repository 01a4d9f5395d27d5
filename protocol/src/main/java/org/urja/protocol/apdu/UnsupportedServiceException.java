package org.urja.protocol.apdu;

import org.urja.protocol.axdr.AxdrException;

/**
 * A well-formed APDU of a service this stack does not implement (GET-Request-With-List, SET with
 * data blocks, ciphered APDUs). Distinct from garbage, because the standard answers it with an
 * ExceptionResponse rather than treating it as a broken frame.
 */
public class UnsupportedServiceException extends AxdrException {
  private final int tag;

  public UnsupportedServiceException(int tag, String message) {
    super(message);
    this.tag = tag;
  }

  public int tag() {
    return tag;
  }
}
