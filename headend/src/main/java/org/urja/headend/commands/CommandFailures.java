package org.urja.headend.commands;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.urja.headend.commands.CommandFailure.Kind;
import org.urja.headend.commands.mqtt.GatewayRejectedException;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.client.AssociationRejectedException;
import org.urja.protocol.client.DlmsServiceException;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.CosemAccessException;

/**
 * Classifies why a command failed (IEC 62056-5-3 result codes, AARE results, exception responses,
 * transport errors) into {@link CommandFailure.Kind}. One static function so that the protocol
 * module's own classifier can take its place without touching the callers.
 */
public final class CommandFailures {
  /** Action-Result / Data-Access-Result codes that say the same request will never succeed. */
  private static final Set<Integer> REFUSALS = Set.of(ActionResult.HARDWARE_FAULT.code(),
      ActionResult.READ_WRITE_DENIED.code(), ActionResult.OBJECT_UNDEFINED.code(),
      ActionResult.OBJECT_CLASS_INCONSISTENT.code(), ActionResult.OBJECT_UNAVAILABLE.code(),
      ActionResult.TYPE_UNMATCHED.code(), ActionResult.SCOPE_OF_ACCESS_VIOLATED.code());
  /** DlmsServiceException carries the ExceptionResponse's numbers only in its message. */
  private static final Pattern EXCEPTION_RESPONSE = Pattern.compile("state-error (\\d+), service-error (\\d+)");

  private CommandFailures() {}

  public static CommandFailure classify(Throwable failure) {
    Throwable t = CommandRunner.unwrap(failure);
    while (t instanceof ExecutionException && t.getCause() != null) {
      t = CommandRunner.unwrap(t.getCause());
    }
    String message = t.getClass().getSimpleName() + ": " + t.getMessage();
    if (t instanceof ServiceNotGrantedException || t instanceof GatewayRejectedException g && g.result().equals("refused")) {
      return new CommandFailure(Kind.PERMANENT, t.getMessage());
    }
    if (t instanceof CosemAccessException e) {
      if (e.resultCode() == ActionResult.TEMPORARY_FAILURE.code() || e.resultCode() == ActionResult.OTHER_REASON.code()) {
        return new CommandFailure(Kind.TRANSIENT, message);
      }
      return new CommandFailure(REFUSALS.contains(e.resultCode()) ? Kind.PERMANENT : Kind.UNEXPECTED, message);
    }
    if (t instanceof AssociationRejectedException e) {
      return new CommandFailure(e.aare().result() == Aare.REJECTED_TRANSIENT ? Kind.TRANSIENT : Kind.PERMANENT,
          "the meter refused the association (" + (e.diagnostic() == Aare.DIAG_AUTHENTICATION_FAILURE
              ? "authentication failed" : "diagnostic " + e.diagnostic()) + "): " + t.getMessage());
    }
    if (t instanceof DlmsServiceException) {
      return serviceError(t.getMessage(), message);
    }
    if (t instanceof MeterUnreachableException || t instanceof TimeoutException || t instanceof ClosedChannelException
        || t instanceof IOException) {
      return new CommandFailure(Kind.TRANSIENT, message);
    }
    return new CommandFailure(Kind.UNEXPECTED, message);
  }

  /**
   * An ExceptionResponse: "service not allowed" or "service not supported" is the meter's answer to a
   * service its association does not grant (a real meter's answer to ACTION from the public
   * client); "other reason" and an invocation-counter error may pass. A ConfirmedServiceError or a
   * request larger than the meter accepts will not change either; an answer out of turn may.
   */
  private static CommandFailure serviceError(String text, String message) {
    Matcher m = EXCEPTION_RESPONSE.matcher(text == null ? "" : text);
    if (m.find()) {
      int state = Integer.parseInt(m.group(1));
      int service = Integer.parseInt(m.group(2));
      boolean passing = service == ExceptionResponse.OTHER_REASON || service == ExceptionResponse.INVOCATION_COUNTER_ERROR;
      return new CommandFailure(passing ? Kind.TRANSIENT : Kind.PERMANENT, state == ExceptionResponse.SERVICE_NOT_ALLOWED
          || service == ExceptionResponse.SERVICE_NOT_SUPPORTED
          ? "service not granted on this association: " + message : message);
    }
    if (text != null && text.startsWith("unexpected response")) {
      // an answer out of turn (a late RLRE, say): the next association starts clean
      return new CommandFailure(Kind.TRANSIENT, message);
    }
    return new CommandFailure(text != null && (text.contains("ConfirmedServiceError") || text.contains("exceeds"))
        ? Kind.PERMANENT : Kind.UNEXPECTED, message);
  }
}
