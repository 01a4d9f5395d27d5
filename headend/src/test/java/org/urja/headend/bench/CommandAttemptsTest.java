package org.urja.headend.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.relay.CommandStatus;
import org.urja.ledger.relay.RelayAction;
import org.urja.ledger.relay.RelayCommand;

/** What the probes' relay commands cost beyond one attempt each. */
class CommandAttemptsTest {
  @Test
  void aCommandConfirmedAtItsFirstAttemptFailedNothing() {
    assertThat(CommandAttempts.of(List.of(command(CommandStatus.CONFIRMED, 1, null))))
        .isEqualTo(new CommandAttempts(1, 0, 0));
  }

  @Test
  void aDisconnectRetriedAfterADlmsTimeOutCountsTheFailedAttemptAndTheTimeOut() {
    RelayCommand retried = command(CommandStatus.CONFIRMED, 2, "timeout: no response within PT10S");
    assertThat(CommandAttempts.of(List.of(retried))).isEqualTo(new CommandAttempts(1, 1, 1));
  }

  @Test
  void aCommandThatFailedForGoodCountsEveryAttempt() {
    RelayCommand failed = command(CommandStatus.FAILED, 3, "connection lost");
    RelayCommand waiting = command(CommandStatus.CREATED, 1, "meter not connected");
    RelayCommand inFlight = command(CommandStatus.SENT, 1, null);
    assertThat(CommandAttempts.of(List.of(failed, waiting, inFlight)))
        .isEqualTo(new CommandAttempts(3, 4, 0));
  }

  private static RelayCommand command(CommandStatus status, int attempts, String lastError) {
    Instant t = Instant.parse("2026-11-29T17:00:00Z");
    return new RelayCommand(
        1,
        "RLY00000000",
        "ACC-RLY00000000",
        RelayAction.DISCONNECT,
        status,
        "balance below zero",
        "system",
        attempts,
        5,
        t,
        t.plusSeconds(3600),
        lastError,
        null,
        t,
        t,
        null,
        null,
        0,
        null);
  }
}
