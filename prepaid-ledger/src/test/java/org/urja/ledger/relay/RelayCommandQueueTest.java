package org.urja.ledger.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

class RelayCommandQueueTest {

  // claimDue sees every meter's commands, so each test gets its own database
  private final LedgerFixture ledger = new LedgerFixture();
  private static int next;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-18T06:00:00Z"));
  private final RelayCommandQueue queue =
      new RelayCommandQueue(
          ledger.tx,
          new RelayConfirmationNotices(new Notifier(List.of("log"))),
          RelaySettings.defaults(),
          clock);
  private String account;
  private String meter;

  @BeforeEach
  void openAccount() {
    next++;
    account = "RQ" + next;
    meter = "RQM" + next;
    ledger.open(account, meter, PaymentMode.PREPAID);
  }

  private RelayCommand requestDisconnect() {
    return ledger.tx.inTransaction(
        c -> queue.request(c, meter, account, RelayAction.DISCONNECT, "grace over", "system"));
  }

  @Test
  void noSecondDisconnectIsQueuedWhileOneIsPending() {
    RelayCommand first = requestDisconnect();
    RelayCommand second = requestDisconnect();

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(queue.history(meter)).hasSize(1);
    // and the database itself refuses a second pending one
    assertThatThrownBy(
            () ->
                ledger.tx.inTransaction(
                    c -> {
                      try (PreparedStatement ps =
                          c.prepareStatement(
                              "insert into relay_commands (meter_serial, action, reason, "
                                  + "requested_by, max_attempts, next_attempt_at, created_at, updated_at) "
                                  + "values (?, 'disconnect', 'x', 'x', 1, now(), now(), now())")) {
                        ps.setString(1, meter);
                        return ps.executeUpdate();
                      }
                    }))
        .hasMessageContaining("relay_commands_one_pending");
  }

  @Test
  void aCommandForAMeterAnotherNodeHoldsIsLeftToThatNode() {
    RelayCommand cmd = requestDisconnect();
    List<List<String>> asked = new ArrayList<>();
    MeterHolders anotherNodeHoldsIt =
        serials -> {
          asked.add(List.copyOf(serials));
          return serials.contains(meter) ? Set.of(meter) : Set.of();
        };

    assertThat(queue.claimDue(10, clock.instant(), anotherNodeHoldsIt)).isEmpty();
    assertThat(asked)
        .as("asked once, about the meters with a command due")
        .singleElement()
        .isEqualTo(List.of(meter));
    assertThat(queue.claimDue(10, clock.instant(), MeterHolders.NONE))
        .extracting(RelayCommand::id)
        .containsExactly(cmd.id());
  }

  @Test
  void aReconnectSupersedesAPendingDisconnect() {
    RelayCommand disconnect = requestDisconnect();
    RelayCommand reconnect =
        queue.requestManualForAccount(account, RelayAction.RECONNECT, "ops.gupta", "paid cash");

    assertThat(queue.find(disconnect.id()).orElseThrow().status())
        .isEqualTo(CommandStatus.SUPERSEDED);
    assertThat(reconnect.status()).isEqualTo(CommandStatus.CREATED);
    assertThat(reconnect.requestedBy()).isEqualTo("operator:ops.gupta");
    assertThat(queue.claimDue(10, clock.instant()))
        .extracting(RelayCommand::id)
        .containsExactly(reconnect.id());
  }

  @Test
  void aConfirmedDisconnectRecordsTheStateAndTellsThePrepaidConsumer() {
    RelayCommand cmd = requestDisconnect();
    List<RelayCommand> claimed = queue.claimDue(10, clock.instant());
    assertThat(claimed).extracting(RelayCommand::id).contains(cmd.id());
    assertThat(queue.claimDue(10, clock.instant()))
        .as("claimed commands are hidden from other dispatchers")
        .isEmpty();

    assertThat(queue.markSent(cmd.id()).status()).isEqualTo(CommandStatus.SENT);
    RelayCommand done = queue.markConfirmed(cmd.id(), RelayState.DISCONNECTED);

    assertThat(done.status()).isEqualTo(CommandStatus.CONFIRMED);
    assertThat(done.relayState()).isEqualTo(RelayState.DISCONNECTED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(Outbox.kinds(ledger.dataSource, account)).containsExactly("disconnected");
  }

  @Test
  void aReconnectLeftReadyForReconnectionAsksTheConsumerToPressTheButton() {
    RelayCommand cmd =
        queue.requestManualForMeter(meter, RelayAction.RECONNECT, "ops.rao", "recharged");
    queue.claimDue(10, clock.instant());
    queue.markSent(cmd.id());
    RelayCommand done = queue.markConfirmed(cmd.id(), RelayState.READY_FOR_RECONNECTION);

    assertThat(done.status()).isEqualTo(CommandStatus.READY_FOR_RECONNECTION);
    assertThat(Outbox.forAccount(ledger.dataSource, account))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("press_button_to_reconnect");
              assertThat(r.body()).contains("press the button");
            });
  }

  @Test
  void retryableFailuresBackOffAndFailForGoodAtTheAttemptLimit() {
    RelayCommand cmd = requestDisconnect();
    for (int attempt = 1; attempt <= 5; attempt++) {
      List<RelayCommand> claimed = queue.claimDue(10, clock.instant());
      assertThat(claimed).extracting(RelayCommand::id).containsExactly(cmd.id());
      RelayCommand failed = queue.markFailed(cmd.id(), true, "association timeout");
      if (attempt < 5) {
        assertThat(failed.status()).isEqualTo(CommandStatus.CREATED);
        assertThat(queue.claimDue(10, clock.instant())).isEmpty();
        clock.set(failed.nextAttemptAt());
      } else {
        assertThat(failed.status()).isEqualTo(CommandStatus.FAILED);
        assertThat(failed.lastError()).isEqualTo("association timeout");
      }
    }
  }

  @Test
  void aSentCommandWithoutConfirmationComesBackAndAStateMismatchIsRetried() {
    RelayCommand cmd = requestDisconnect();
    queue.claimDue(10, clock.instant());
    queue.markSent(cmd.id());
    clock.advance(Duration.ofMinutes(6));
    assertThat(queue.claimDue(10, clock.instant()))
        .extracting(RelayCommand::id)
        .containsExactly(cmd.id());

    RelayCommand mismatch = queue.markConfirmed(cmd.id(), RelayState.CONNECTED);
    assertThat(mismatch.status()).isEqualTo(CommandStatus.CREATED);
    assertThat(mismatch.lastError()).contains("connected");
  }

  @Test
  void anUndeliveredDisconnectExpires() {
    RelayCommand cmd = requestDisconnect();
    clock.advance(Duration.ofHours(25));
    queue.claimDue(10, clock.instant());

    assertThat(queue.find(cmd.id()).orElseThrow().status()).isEqualTo(CommandStatus.EXPIRED);
  }

  @Test
  void aPostpaidConsumerIsToldOfAnOperatorsDisconnectInWordsWithoutABalance() {
    ledger.open(account + "P", meter + "P", PaymentMode.POSTPAID);
    RelayCommand cmd =
        queue.requestManualForMeter(meter + "P", RelayAction.DISCONNECT, "ops.khan", "theft");
    queue.claimDue(10, clock.instant());
    queue.markSent(cmd.id());
    queue.markConfirmed(cmd.id(), RelayState.DISCONNECTED);

    assertThat(cmd.accountId()).isEqualTo(account + "P");
    assertThat(Outbox.forAccount(ledger.dataSource, account + "P"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("supply_disconnected");
              assertThat(r.body()).doesNotContainIgnoringCase("balance").doesNotContain("Recharge");
            });
  }

  private long alerts(long commandId) {
    return ledger.tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select count(*) from relay_operator_alerts where command_id = ?")) {
            ps.setLong(1, commandId);
            try (var rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Test
  void aCommandTheMeterRefusesStopsForAnOperatorWithOneAlert() {
    RelayCommand cmd = requestDisconnect();
    queue.claimDue(10, clock.instant());
    RelayCommand refused = queue.markRefused(cmd.id(), "ACTION refused: read-write-denied");
    queue.markRefused(cmd.id(), "ACTION refused again");
    clock.advance(Duration.ofHours(2));

    assertThat(refused.status()).isEqualTo(CommandStatus.NEEDS_OPERATOR);
    assertThat(refused.failureClass()).isEqualTo("permanent");
    assertThat(refused.lastError()).isEqualTo("ACTION refused: read-write-denied");
    assertThat(queue.claimDue(10, clock.instant())).isEmpty();
    assertThat(alerts(cmd.id())).isEqualTo(1);
    // it still holds the meter's disconnect slot
    assertThat(requestDisconnect().id()).isEqualTo(cmd.id());
  }

  @Test
  void anOperatorRetryStartsARefusedCommandAfreshAndAFreshRefusalAlertsOnceMore() {
    RelayCommand cmd = requestDisconnect();
    queue.claimDue(10, clock.instant());
    queue.markRefused(cmd.id(), "ACTION refused");
    clock.advance(Duration.ofHours(30));

    RelayCommand retried = queue.retry(cmd.id(), "ops.rao", "management password corrected");
    assertThat(retried.status()).isEqualTo(CommandStatus.CREATED);
    assertThat(retried.attempts()).isZero();
    assertThat(retried.operatorRetries()).isEqualTo(1);
    assertThat(retried.operatorNote())
        .isEqualTo("retried by ops.rao: management password corrected");
    assertThat(retried.expiresAt()).isAfter(clock.instant());
    assertThat(queue.claimDue(10, clock.instant()))
        .extracting(RelayCommand::id)
        .containsExactly(cmd.id());

    queue.markRefused(cmd.id(), "ACTION refused");
    assertThat(alerts(cmd.id())).isEqualTo(2);
  }

  @Test
  void onlyAStoppedCommandCanBeRetriedAndOnlyAnOpenOneCancelled() {
    RelayCommand cmd = requestDisconnect();
    assertThatThrownBy(() -> queue.retry(cmd.id(), "ops.rao", "again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("created");

    RelayCommand cancelled = queue.cancel(cmd.id(), "ops.rao", "wrong meter");
    assertThat(cancelled.status()).isEqualTo(CommandStatus.CANCELLED);
    assertThat(cancelled.operatorNote()).isEqualTo("cancelled by ops.rao: wrong meter");
    assertThat(queue.claimDue(10, clock.instant())).isEmpty();
    assertThatThrownBy(() -> queue.cancel(cmd.id(), "ops.rao", "again"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aReconnectIsRetriedPastItsAttemptLimitUntilConfirmedAndAlertsOnceAtTheLimit() {
    RelaySettings few =
        new RelaySettings(
            5,
            3,
            Duration.ofMinutes(1),
            Duration.ofMinutes(4),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofHours(24));
    RelayCommandQueue shortQueue =
        new RelayCommandQueue(
            ledger.tx, new RelayConfirmationNotices(new Notifier(List.of("log"))), few, clock);
    RelayCommand cmd =
        shortQueue.requestManualForMeter(meter, RelayAction.RECONNECT, "ops.rao", "recharged");
    RelayCommand last = cmd;
    for (int attempt = 1; attempt <= 8; attempt++) {
      assertThat(shortQueue.claimDue(10, clock.instant()))
          .extracting(RelayCommand::id)
          .containsExactly(cmd.id());
      last = shortQueue.markFailed(cmd.id(), true, "no response within PT10S");
      assertThat(last.status()).isEqualTo(CommandStatus.CREATED);
      assertThat(Duration.between(clock.instant(), last.nextAttemptAt()))
          .isLessThanOrEqualTo(Duration.ofMinutes(4));
      clock.set(last.nextAttemptAt());
    }
    assertThat(alerts(cmd.id())).isEqualTo(1);

    shortQueue.claimDue(10, clock.instant());
    shortQueue.markSent(cmd.id());
    assertThat(shortQueue.markConfirmed(cmd.id(), RelayState.CONNECTED).status())
        .isEqualTo(CommandStatus.CONFIRMED);
  }

  @Test
  void anOperatorsNewCommandForAnActionWaitingForAnOperatorSendsThatOneAgain() {
    RelayCommand cmd = requestDisconnect();
    queue.claimDue(10, clock.instant());
    queue.markRefused(cmd.id(), "ACTION refused");

    RelayCommand again =
        queue.requestManualForMeter(meter, RelayAction.DISCONNECT, "ops.rao", "password fixed");
    assertThat(again.id()).isEqualTo(cmd.id());
    assertThat(again.status()).isEqualTo(CommandStatus.CREATED);
    assertThat(again.operatorRetries()).isEqualTo(1);
    assertThat(queue.history(meter)).hasSize(1);
  }
}
