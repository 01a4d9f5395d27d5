package org.urja.protocol.client;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.security.CipheringException;

/**
 * What a failed DLMS request means for whoever retries it: a permanent refusal (the same request on
 * the same association will fail the same way, so an operator must act) or a transient failure
 * (trying again later may succeed). Commands use it to decide between backoff and an operator
 * alert; it never inspects messages, only types and result codes.
 */
public enum DlmsFailure {
  /** read-write-denied, scope-of-access-violated: the association lacks the right. */
  ACCESS_DENIED(true),
  /** object-undefined, -unavailable, class or type mismatch: the meter has no such thing. */
  OBJECT_UNDEFINED(true),
  /** Not granted in the conformance, or the meter does not know the service. */
  NOT_SUPPORTED(true),
  /** The meter refused the credentials, or a tag or challenge answer did not verify. */
  AUTHENTICATION_FAILED(true),
  /** No answer within the response timeout. */
  TIMEOUT(false),
  /** temporary-failure, hardware-fault, other-reason, a lost association, a garbled answer. */
  TEMPORARY_FAILURE(false),
  /** The connection closed or could not be opened. */
  CONNECTION_LOST(false),
  /**
   * The head-end would not open the association the request needs: the meter's keys are not
   * imported, or its model's association is not authenticated enough for the purpose. Nothing was
   * sent; an operator must import keys or fix the model.
   */
  NOT_CONFIGURED(true);

  private final boolean permanent;

  DlmsFailure(boolean permanent) {
    this.permanent = permanent;
  }

  /** True when retrying the same request on the same association cannot help. */
  public boolean permanent() {
    return permanent;
  }

  /**
   * Classifies the exception a {@link CosemClient} future failed with (wrapped in {@link
   * CompletionException} / {@link ExecutionException} or not). Anything unrecognised is a temporary
   * failure: retrying it is bounded by the caller, whereas calling it permanent would give up on a
   * meter for good over an error nobody understood.
   */
  public static DlmsFailure classify(Throwable failure) {
    return recognise(failure).orElse(TEMPORARY_FAILURE);
  }

  /**
   * The class of a failure this classifier knows (DLMS answers, security, transport); empty for
   * anything else — a fault of the caller's own, say, which a command may want to treat apart.
   */
  public static Optional<DlmsFailure> recognise(Throwable failure) {
    return Optional.ofNullable(known(unwrap(failure)));
  }

  /** The failure inside {@link CompletionException} / {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static DlmsFailure known(Throwable t) {
    if (t instanceof ServiceNotGrantedException) {
      return NOT_SUPPORTED;
    }
    if (t instanceof AssociationUnavailableException) {
      return NOT_CONFIGURED;
    }
    if (t instanceof CosemAccessException e) {
      return ofResultCode(e.resultCode());
    }
    if (t instanceof DlmsServiceException e) {
      return e.exceptionResponse().map(DlmsFailure::ofExceptionResponse).orElse(TEMPORARY_FAILURE);
    }
    if (t instanceof AssociationRejectedException e) {
      if (e.diagnostic() == Aare.DIAG_AUTHENTICATION_FAILURE
          || e.diagnostic() == Aare.DIAG_MECHANISM_NAME_REQUIRED
          || e.diagnostic() == Aare.DIAG_MECHANISM_NAME_NOT_RECOGNISED) {
        return AUTHENTICATION_FAILED;
      }
      return e.aare().result() == Aare.REJECTED_TRANSIENT ? TEMPORARY_FAILURE : NOT_SUPPORTED;
    }
    if (t instanceof CipheringException) {
      return AUTHENTICATION_FAILED;
    }
    if (t instanceof TimeoutException) {
      return TIMEOUT;
    }
    if (t instanceof ClosedChannelException || t instanceof IOException) {
      return CONNECTION_LOST;
    }
    return null;
  }

  /** Data-Access-Result and Action-Result share their codes for these outcomes. */
  private static DlmsFailure ofResultCode(int code) {
    return switch (ActionResult.of(code)) {
      case READ_WRITE_DENIED, SCOPE_OF_ACCESS_VIOLATED -> ACCESS_DENIED;
      case OBJECT_UNDEFINED, OBJECT_UNAVAILABLE, OBJECT_CLASS_INCONSISTENT, TYPE_UNMATCHED ->
          OBJECT_UNDEFINED;
      default -> TEMPORARY_FAILURE;
    };
  }

  private static DlmsFailure ofExceptionResponse(ExceptionResponse r) {
    if (r.stateError() == ExceptionResponse.SERVICE_UNKNOWN
        || r.serviceError() == ExceptionResponse.SERVICE_NOT_SUPPORTED) {
      return NOT_SUPPORTED;
    }
    return TEMPORARY_FAILURE;
  }
}
