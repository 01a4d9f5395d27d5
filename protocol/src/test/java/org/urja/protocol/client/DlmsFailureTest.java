package org.urja.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.Aarq;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.DataAccessResult;

class DlmsFailureTest {

  @Test
  void aRefusedActionIsPermanentAndATemporaryFailureIsNot() {
    assertThat(
            DlmsFailure.classify(
                new CosemAccessException(ActionResult.READ_WRITE_DENIED, "ACTION relay")))
        .isEqualTo(DlmsFailure.ACCESS_DENIED);
    assertThat(
            DlmsFailure.classify(
                new CosemAccessException(DataAccessResult.OBJECT_UNDEFINED, "GET relay")))
        .isEqualTo(DlmsFailure.OBJECT_UNDEFINED);
    DlmsFailure temporary =
        DlmsFailure.classify(
            new CosemAccessException(ActionResult.TEMPORARY_FAILURE, "ACTION relay"));
    assertThat(temporary).isEqualTo(DlmsFailure.TEMPORARY_FAILURE);
    assertThat(temporary.permanent()).isFalse();
  }

  @Test
  void theExceptionResponseOfAReadOnlyAssociationIsNotSupported() {
    DlmsServiceException e =
        new DlmsServiceException(
            ExceptionResponse.of(
                ExceptionResponse.SERVICE_UNKNOWN, ExceptionResponse.SERVICE_NOT_SUPPORTED));

    assertThat(DlmsFailure.classify(e)).isEqualTo(DlmsFailure.NOT_SUPPORTED);
    assertThat(DlmsFailure.classify(e).permanent()).isTrue();
  }

  @Test
  void aRequestOutsideAnAssociationIsWorthRetryingOnANewOne() {
    DlmsServiceException e =
        new DlmsServiceException(
            ExceptionResponse.of(
                ExceptionResponse.SERVICE_NOT_ALLOWED, ExceptionResponse.OPERATION_NOT_POSSIBLE));

    assertThat(DlmsFailure.classify(e)).isEqualTo(DlmsFailure.TEMPORARY_FAILURE);
  }

  @Test
  void aWrongPasswordIsAnAuthenticationFailureWhereverTheFutureWrapsIt() {
    AssociationRejectedException rejected =
        new AssociationRejectedException(
            Aare.rejected(
                Aarq.LN_NO_CIPHERING, Aare.DIAG_AUTHENTICATION_FAILURE, Optional.empty()));

    assertThat(DlmsFailure.classify(new CompletionException(rejected)))
        .isEqualTo(DlmsFailure.AUTHENTICATION_FAILED);
    assertThat(DlmsFailure.classify(new ExecutionException(rejected)))
        .isEqualTo(DlmsFailure.AUTHENTICATION_FAILED);
  }

  @Test
  void timeoutsAndLostConnectionsAreTransient() {
    assertThat(DlmsFailure.classify(new TimeoutException("no response")))
        .isEqualTo(DlmsFailure.TIMEOUT);
    assertThat(DlmsFailure.classify(new ClosedChannelException()))
        .isEqualTo(DlmsFailure.CONNECTION_LOST);
    assertThat(DlmsFailure.classify(new ConnectException("refused")))
        .isEqualTo(DlmsFailure.CONNECTION_LOST);
    assertThat(DlmsFailure.TIMEOUT.permanent()).isFalse();
    assertThat(DlmsFailure.CONNECTION_LOST.permanent()).isFalse();
  }

  @Test
  void aServiceTheMeterDidNotGrantIsNotSupported() {
    assertThat(DlmsFailure.classify(new ServiceNotGrantedException("ACTION")))
        .isEqualTo(DlmsFailure.NOT_SUPPORTED);
  }

  @Test
  void anAssociationTheHeadEndCannotOpenIsPermanentAndAnythingUnknownIsOnlyGuessedTemporary() {
    DlmsFailure noKeys =
        DlmsFailure.classify(
            new CompletionException(
                new AssociationUnavailableException("no HLS keys imported for meter M1")));
    assertThat(noKeys).isEqualTo(DlmsFailure.NOT_CONFIGURED);
    assertThat(noKeys.permanent()).isTrue();

    IllegalStateException ownFault = new IllegalStateException("a bug of the caller");
    assertThat(DlmsFailure.recognise(ownFault)).isEmpty();
    assertThat(DlmsFailure.classify(ownFault)).isEqualTo(DlmsFailure.TEMPORARY_FAILURE);
    assertThat(DlmsFailure.recognise(new ExecutionException(new TimeoutException("t"))))
        .contains(DlmsFailure.TIMEOUT);
  }
}
