package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.urja.headend.commands.CommandFailure.Kind;
import org.urja.headend.commands.mqtt.GatewayRejectedException;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.client.AssociationRejectedException;
import org.urja.protocol.client.AssociationUnavailableException;
import org.urja.protocol.client.DlmsServiceException;
import org.urja.protocol.client.ServiceNotGrantedException;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.CosemAccessException;

/** What the meter said decides whether a command is retried, stopped for an operator, or failed. */
class CommandFailuresTest {

  private static Kind kindOf(Throwable t) {
    return CommandFailures.classify(new CompletionException(t)).kind();
  }

  /** What NettyCosemClient fails with when the meter answers an ExceptionResponse. */
  private static DlmsServiceException exceptionResponse(int state, int service) {
    return new DlmsServiceException(ExceptionResponse.of(state, service));
  }

  @Test
  void aMeterRefusingTheMethodOrTheObjectIsPermanent() {
    assertThat(kindOf(new CosemAccessException(ActionResult.READ_WRITE_DENIED, "ACTION")))
        .isEqualTo(Kind.PERMANENT);
    assertThat(kindOf(new CosemAccessException(ActionResult.OBJECT_UNDEFINED, "ACTION")))
        .isEqualTo(Kind.PERMANENT);
    assertThat(kindOf(new CosemAccessException(ActionResult.SCOPE_OF_ACCESS_VIOLATED, "ACTION")))
        .isEqualTo(Kind.PERMANENT);
  }

  @Test
  void aServiceTheAssociationDoesNotGrantIsPermanentAndSaysSo() {
    CommandFailure f =
        CommandFailures.classify(
            exceptionResponse(
                ExceptionResponse.SERVICE_UNKNOWN, ExceptionResponse.SERVICE_NOT_SUPPORTED));
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.reason()).startsWith("service not granted on this association");
    CommandFailure notGranted =
        CommandFailures.classify(new ServiceNotGrantedException("ACTION", "M1 (client 16)"));
    assertThat(notGranted.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(notGranted.reason())
        .isEqualTo("the meter M1 (client 16) did not grant ACTION on this association");
  }

  @Test
  void aMeterWithoutImportedKeysIsPermanentAndTheReasonSaysWhichKeys() {
    CommandFailure f =
        CommandFailures.classify(
            new CompletionException(
                new AssociationUnavailableException(
                    "no HLS keys imported for meter M1 (association 'utility-settings', client 48)")));
    assertThat(f.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(f.reason()).startsWith("no HLS keys imported for meter M1");
  }

  @Test
  void aFailedAuthenticationIsPermanentButABusyMeterIsNot() {
    Aare wrongPassword =
        Aare.rejected(Aarq.LN_NO_CIPHERING, Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty());
    CommandFailure auth = CommandFailures.classify(new AssociationRejectedException(wrongPassword));
    assertThat(auth.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(auth.reason()).contains("authentication failed");

    Aare busy =
        new Aare(
            Aarq.LN_NO_CIPHERING,
            Aare.REJECTED_TRANSIENT,
            Aare.SOURCE_ACSE_SERVICE_USER,
            Aare.DIAG_NO_REASON_GIVEN,
            Optional.empty(),
            Optional.empty());
    assertThat(kindOf(new AssociationRejectedException(busy))).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void timeoutsLostConnectionsAndTemporaryFailuresAreTransient() {
    assertThat(kindOf(new TimeoutException("no response within PT10S"))).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf(new ClosedChannelException())).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf(new IOException("connection reset"))).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf(new MeterUnreachableException("M1"))).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf(new CosemAccessException(ActionResult.TEMPORARY_FAILURE, "ACTION")))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(
            kindOf(
                exceptionResponse(
                    ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OTHER_REASON)))
        .isEqualTo(Kind.TRANSIENT);
    // outside an association (one the meter dropped): a new association may succeed
    assertThat(
            kindOf(
                exceptionResponse(
                    ExceptionResponse.SERVICE_NOT_ALLOWED,
                    ExceptionResponse.OPERATION_NOT_POSSIBLE)))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(
            CommandFailures.classify(
                    new ExecutionException(new CompletionException(new TimeoutException("t"))))
                .kind())
        .isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void aGatewayRefusalIsPermanentAndAnythingUnknownIsUnexpected() {
    assertThat(kindOf(new GatewayRejectedException("M1", "refused", "control_mode 0")))
        .isEqualTo(Kind.PERMANENT);
    assertThat(kindOf(new GatewayRejectedException("M1", "error", "relay driver fault")))
        .isEqualTo(Kind.UNEXPECTED);
    assertThat(kindOf(new IllegalStateException("output_state should be a boolean")))
        .isEqualTo(Kind.UNEXPECTED);
  }
}
