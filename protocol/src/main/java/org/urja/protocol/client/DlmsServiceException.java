package org.urja.protocol.client;

/**
 * The meter could not process a request at all: an ExceptionResponse (no association, unknown
 * service) or a ConfirmedServiceError, as opposed to a refused attribute, which is a {@link
 * org.urja.protocol.cosem.CosemAccessException}.
 */
public class DlmsServiceException extends RuntimeException {
  public DlmsServiceException(String message) {
    super(message);
  }
}
