package org.urja.protocol.client;

import java.util.Optional;
import org.urja.protocol.apdu.ExceptionResponse;

/**
 * The meter could not process a request at all: an ExceptionResponse (no association, unknown
 * service) or a ConfirmedServiceError, as opposed to a refused attribute, which is a {@link
 * org.urja.protocol.cosem.CosemAccessException}. The ExceptionResponse, when there was one, is kept
 * so that {@link DlmsFailure#classify} can tell a refusal from a passing state.
 */
public class DlmsServiceException extends RuntimeException {
  private final transient Optional<ExceptionResponse> exceptionResponse;

  public DlmsServiceException(String message) {
    super(message);
    this.exceptionResponse = Optional.empty();
  }

  public DlmsServiceException(ExceptionResponse response) {
    super(
        "meter answered with ExceptionResponse state-error "
            + response.stateError()
            + ", service-error "
            + response.serviceError());
    this.exceptionResponse = Optional.of(response);
  }

  public Optional<ExceptionResponse> exceptionResponse() {
    return exceptionResponse;
  }
}
