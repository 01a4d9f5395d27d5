package org.urja.headend.commands;

import java.util.Optional;
import org.urja.headend.commands.CommandFailure.Kind;
import org.urja.headend.commands.mqtt.GatewayRejectedException;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.client.AssociationRejectedException;
import org.urja.protocol.client.DlmsFailure;
import org.urja.protocol.client.RequestAbandonedException;
import org.urja.protocol.client.ServiceNotGrantedException;

/**
 * Turns why a command failed into what happens next. The DLMS side (result codes, AARE results,
 * exception responses, security, transport) is {@link DlmsFailure#classify}, the one classifier;
 * what is added here is only what the protocol cannot know: a meter with no connection and no
 * address, a gateway's own refusal over MQTT, and a fault of the head-end's own, which is neither
 * retried nor handed to an operator as the meter's doing.
 */
public final class CommandFailures {
  private CommandFailures() {}

  public static CommandFailure classify(Throwable failure) {
    Throwable t = DlmsFailure.unwrap(CommandRunner.unwrap(failure));
    String message = t.getClass().getSimpleName() + ": " + t.getMessage();
    if (t instanceof GatewayRejectedException g) {
      return new CommandFailure(
          g.result().equals("refused") ? Kind.PERMANENT : Kind.UNEXPECTED, t.getMessage());
    }
    if (t instanceof MeterUnreachableException || t instanceof RequestAbandonedException) {
      return new CommandFailure(Kind.TRANSIENT, message);
    }
    Optional<DlmsFailure> known = DlmsFailure.recognise(t);
    if (known.isEmpty()) {
      return new CommandFailure(Kind.UNEXPECTED, message);
    }
    DlmsFailure f = known.get();
    return new CommandFailure(
        f.permanent() ? Kind.PERMANENT : Kind.TRANSIENT, reason(f, t, message));
  }

  /** The words an operator reads in {@code lastError}: what the class means, then what was said. */
  private static String reason(DlmsFailure f, Throwable t, String message) {
    if (t instanceof AssociationRejectedException e) {
      return "the meter refused the association ("
          + (e.diagnostic() == Aare.DIAG_AUTHENTICATION_FAILURE
              ? "authentication failed"
              : "diagnostic " + e.diagnostic())
          + "): "
          + message;
    }
    return switch (f) {
      case NOT_CONFIGURED -> t.getMessage();
      case NOT_SUPPORTED ->
          t instanceof ServiceNotGrantedException
              ? t.getMessage()
              : "service not granted on this association: " + message;
      case AUTHENTICATION_FAILED -> "authentication failed: " + message;
      case ACCESS_DENIED -> "access denied: " + message;
      case OBJECT_UNDEFINED -> "object undefined on the meter: " + message;
      default -> message;
    };
  }
}
