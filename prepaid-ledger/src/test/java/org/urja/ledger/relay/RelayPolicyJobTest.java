package org.urja.ledger.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.alerts.BalanceAlerts;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

/** From a negative balance through friendly hours to disconnection, and back after a recharge. */
class RelayPolicyJobTest {

  private final LedgerFixture ledger = new LedgerFixture();
  private final MutableClock clock = new MutableClock(ist("2026-11-18T08:00"));
  private final Notifier notifier = new Notifier(List.of("log"));
  private final RelayCommandQueue queue =
      new RelayCommandQueue(
          ledger.tx, new RelayConfirmationNotices(notifier), RelaySettings.defaults(), clock);
  private final BalanceListener listeners =
      new BalanceAlerts(notifier).andThen(new ReconnectOnRecharge(queue));
  private final ConsumptionCharger charger = new ConsumptionCharger(ledger.tx, listeners);
  private final PaymentPosting payments =
      new PaymentPosting(ledger.tx, listeners, new BalanceAlerts(notifier), clock);
  private final RelayPolicyJob job = new RelayPolicyJob(ledger.tx, queue, notifier);

  private static Instant ist(String local) {
    return LocalDateTime.parse(local).atZone(ZoneId.of("Asia/Kolkata")).toInstant();
  }

  private RelayPolicyJob.Outcome evaluateAt(String local) {
    clock.set(ist(local));
    return job.evaluate(clock.instant());
  }

  /** The notice goes out on Sunday morning; the disconnection is queued at 08:00 on Monday. */
  private void noticeOnSundayThenDisconnectOnMonday() {
    evaluateAt("2026-11-22T09:00");
    assertThat(evaluateAt("2026-11-23T08:00").disconnectsQueued()).isEqualTo(1);
  }

  @BeforeEach
  void consumerGoesNegativeOnWednesdayEvening() {
    ledger.tariffs.save(ledger.flatTariff());
    ledger.utilities.addHoliday(
        LedgerFixture.UTILITY, LocalDate.of(2026, 11, 22), "a Sunday holiday");
    ledger.open("RP1", "RPM1", PaymentMode.PREPAID);
    payments.post("RP1", 10_000, "UTR-RP1", "upi", ist("2026-11-18T08:00"));
    charger.charge(
        List.of(
            reading("RPM1", ist("2026-11-18T10:00").toString(), 0),
            reading("RPM1", ist("2026-11-18T20:00").toString(), 30_000)));
    assertThat(ledger.balance("RP1")).isEqualTo(-5_000);
  }

  @Test
  void graceEndingSaturdayNightBeforeASundayHolidayDisconnectsOnMondayAtEight() {
    assertThat(evaluateAt("2026-11-20T12:00")).isEqualTo(new RelayPolicyJob.Outcome(1, 0, 0, 0));
    assertThat(evaluateAt("2026-11-21T20:00")).isEqualTo(new RelayPolicyJob.Outcome(1, 0, 0, 0));
    assertThat(evaluateAt("2026-11-22T09:00").noticesQueued()).isEqualTo(1);
    assertThat(evaluateAt("2026-11-22T23:00").disconnectsQueued()).isZero();
    assertThat(evaluateAt("2026-11-23T06:59").noticesQueued()).isZero(); // too early for a message
    assertThat(evaluateAt("2026-11-23T07:00"))
        .isEqualTo(new RelayPolicyJob.Outcome(1, 0, 0, 1)); // "today from 08:00"
    assertThat(evaluateAt("2026-11-23T07:59")).isEqualTo(new RelayPolicyJob.Outcome(1, 0, 0, 0));
    assertThat(evaluateAt("2026-11-23T08:00").disconnectsQueued()).isEqualTo(1);
    assertThat(evaluateAt("2026-11-23T08:05").disconnectsQueued()).isZero();

    assertThat(queue.history("RPM1"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(RelayAction.DISCONNECT);
              assertThat(c.requestedBy()).isEqualTo("system");
            });
    assertThat(Outbox.forAccount(ledger.dataSource, "RP1"))
        .filteredOn(r -> r.kind().equals("disconnection_notice"))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("23-11-2026 08:00 IST").contains("-₹50.00"));
    assertThat(Outbox.forAccount(ledger.dataSource, "RP1"))
        .filteredOn(r -> r.kind().equals("disconnection_today"))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("today from 23-11-2026 08:00 IST"));
  }

  @Test
  void aNoticeGivenLateStillGetsItsReminderOnTheMorningOfThePlannedDay() {
    // first seen overdue at 10:00 Tuesday: notice now, disconnection Wednesday 08:00 (after 12 h,
    // not at night)
    evaluateAt("2026-11-24T10:00");
    assertThat(evaluateAt("2026-11-24T17:00").noticesQueued()).isZero();
    assertThat(evaluateAt("2026-11-25T07:30").noticesQueued())
        .isEqualTo(1); // the reminder, the next morning
    assertThat(Outbox.kinds(ledger.dataSource, "RP1"))
        .containsSubsequence("disconnection_notice", "disconnection_today");
  }

  @Test
  void aNoticeGivenOnThePlannedDayItselfIsNotRepeatedThatDay() {
    var settings = org.urja.ledger.account.UtilitySettings.defaults();
    Instant planned = ist("2026-11-24T13:00");
    assertThat(
            RelayPolicyJob.remindToday(
                settings, ist("2026-11-24T00:30"), planned, ist("2026-11-24T09:00")))
        .isFalse();
    assertThat(
            RelayPolicyJob.remindToday(
                settings, ist("2026-11-23T12:00"), planned, ist("2026-11-24T09:00")))
        .isTrue();
    assertThat(
            RelayPolicyJob.remindToday(
                settings, ist("2026-11-23T12:00"), planned, ist("2026-11-24T13:00")))
        .isFalse();
  }

  @Test
  void aRechargeBeforeTheMorningMeansNoReminder() {
    evaluateAt("2026-11-22T09:00");
    payments.post("RP1", 20_000, "UTR-RP1-4", "upi", ist("2026-11-22T21:00"));
    evaluateAt("2026-11-23T07:30");
    assertThat(Outbox.kinds(ledger.dataSource, "RP1")).doesNotContain("disconnection_today");
  }

  @Test
  void aConsumerSwitchedToPostpaidWhileDisconnectedIsReconnectedAndToldSoWithoutPrepaidWords() {
    noticeOnSundayThenDisconnectOnMonday();
    RelayCommand disconnect = queue.claimDue(10, clock.instant()).get(0);
    queue.markSent(disconnect.id());
    queue.markConfirmed(disconnect.id(), RelayState.DISCONNECTED);
    ledger.accounts.applyMeterModeEvent("RPM1", 211, ist("2026-11-23T10:00"));
    int messagesBefore = Outbox.forAccount(ledger.dataSource, "RP1").size();

    assertThat(evaluateAt("2026-11-23T10:05").reconnectsQueued()).isEqualTo(1);
    RelayCommand reconnect = queue.claimDue(10, clock.instant()).get(0);
    queue.markSent(reconnect.id());
    queue.markConfirmed(reconnect.id(), RelayState.CONNECTED);

    assertThat(evaluateAt("2026-11-23T10:10").examined()).isZero();
    assertThat(
            Outbox.forAccount(ledger.dataSource, "RP1").subList(messagesBefore, messagesBefore + 1))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("supply_reconnected");
              assertThat(r.body()).doesNotContainIgnoringCase("balance").doesNotContain("echarge");
            });
    assertThat(Outbox.forAccount(ledger.dataSource, "RP1")).hasSize(messagesBefore + 1);
  }

  @Test
  void whenTheJobFirstSeesAnOverdueGraceItGivesNoticeBeforeDisconnecting() {
    assertThat(evaluateAt("2026-11-24T10:00")).isEqualTo(new RelayPolicyJob.Outcome(1, 0, 0, 1));
    assertThat(evaluateAt("2026-11-24T17:00").disconnectsQueued()).isZero();
    assertThat(evaluateAt("2026-11-24T22:00").disconnectsQueued()).isZero();
    assertThat(evaluateAt("2026-11-25T08:00").disconnectsQueued()).isEqualTo(1);
    assertThat(Outbox.kinds(ledger.dataSource, "RP1"))
        .filteredOn("disconnection_notice"::equals)
        .hasSize(1);
  }

  @Test
  void aRechargeSupersedesThePendingDisconnectInTheSameTransaction() {
    noticeOnSundayThenDisconnectOnMonday();
    payments.post("RP1", 20_000, "UTR-RP1-2", "upi", ist("2026-11-23T08:10"));

    assertThat(queue.history("RPM1"))
        .extracting(RelayCommand::action, RelayCommand::status)
        .containsExactly(
            tuple(RelayAction.DISCONNECT, CommandStatus.SUPERSEDED),
            tuple(RelayAction.RECONNECT, CommandStatus.CREATED));
  }

  @Test
  void aDisconnectedConsumerIsReconnectedAfterRechargingAndTold() {
    noticeOnSundayThenDisconnectOnMonday();
    RelayCommand disconnect = queue.claimDue(10, clock.instant()).get(0);
    queue.markSent(disconnect.id());
    queue.markConfirmed(disconnect.id(), RelayState.DISCONNECTED);
    assertThat(evaluateAt("2026-11-23T09:00").disconnectsQueued()).isZero();

    payments.post("RP1", 20_000, "UTR-RP1-3", "upi", ist("2026-11-23T19:30"));
    RelayCommand reconnect = queue.claimDue(10, clock.instant()).get(0);
    assertThat(reconnect.action()).isEqualTo(RelayAction.RECONNECT);
    queue.markSent(reconnect.id());
    queue.markConfirmed(reconnect.id(), RelayState.CONNECTED);

    assertThat(Outbox.kinds(ledger.dataSource, "RP1"))
        .containsSubsequence(
            "disconnection_notice", "disconnected", "recharge_receipt", "reconnected");
    assertThat(evaluateAt("2026-11-23T20:00").examined()).isZero();
  }

  @Test
  void aDisconnectTheMeterRefusedWaitsForAnOperatorAndIsNotQueuedAgainByLaterRuns() {
    noticeOnSundayThenDisconnectOnMonday();
    RelayCommand disconnect = queue.claimDue(10, clock.instant()).get(0);
    queue.markRefused(disconnect.id(), "ACTION refused: read-write-denied");

    for (String at :
        List.of("2026-11-23T09:00", "2026-11-23T10:00", "2026-11-24T10:00", "2026-11-27T10:00")) {
      assertThat(evaluateAt(at).disconnectsQueued()).isZero();
      assertThat(queue.claimDue(10, clock.instant())).isEmpty();
    }
    assertThat(queue.history("RPM1"))
        .extracting(RelayCommand::status)
        .containsExactly(CommandStatus.NEEDS_OPERATOR);
  }

  @Test
  void aRechargeSupersedesADisconnectWaitingForAnOperator() {
    noticeOnSundayThenDisconnectOnMonday();
    queue.markRefused(
        queue.claimDue(10, clock.instant()).get(0).id(), "ACTION refused: read-write-denied");
    payments.post("RP1", 20_000, "UTR-RP1-4", "upi", ist("2026-11-23T08:10"));

    assertThat(queue.history("RPM1"))
        .extracting(RelayCommand::action, RelayCommand::status)
        .containsExactly(
            tuple(RelayAction.DISCONNECT, CommandStatus.SUPERSEDED),
            tuple(RelayAction.RECONNECT, CommandStatus.CREATED));
  }

  @Test
  void aDisconnectThatRanOutOfAttemptsIsQueuedAgainOnlyAfterItsExpiry() {
    noticeOnSundayThenDisconnectOnMonday();
    RelayCommand disconnect = queue.claimDue(10, clock.instant()).get(0);
    queue.markFailed(
        disconnect.id(), false, "IllegalStateException: output_state should be a boolean");

    assertThat(evaluateAt("2026-11-23T10:00").disconnectsQueued()).isZero();
    assertThat(evaluateAt("2026-11-23T13:00").disconnectsQueued()).isZero();
    assertThat(evaluateAt("2026-11-24T08:30").disconnectsQueued()).isEqualTo(1);
    assertThat(queue.history("RPM1")).hasSize(2);
  }

  @Test
  void aDisconnectCancelledByAnOperatorIsNotQueuedAgainBeforeItsExpiry() {
    noticeOnSundayThenDisconnectOnMonday();
    RelayCommand disconnect = queue.history("RPM1").get(0);
    queue.cancel(disconnect.id(), "ops.rao", "meter under investigation");

    assertThat(evaluateAt("2026-11-23T09:00").disconnectsQueued()).isZero();
    assertThat(evaluateAt("2026-11-23T13:00").disconnectsQueued()).isZero();
    assertThat(queue.history("RPM1"))
        .extracting(RelayCommand::status)
        .containsExactly(CommandStatus.CANCELLED);
  }
}
