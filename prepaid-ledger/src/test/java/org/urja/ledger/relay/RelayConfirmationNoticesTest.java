package org.urja.ledger.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

/**
 * A confirmed relay command is told once per channel, in the account's language, and in the words
 * of why it happened: the prepaid engine's disconnection for credit names the balance, an
 * operator's disconnection or any command for a postpaid account does not.
 */
class RelayConfirmationNoticesTest {

  private final LedgerFixture ledger = new LedgerFixture();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-18T06:00:00Z"));
  private final RelayCommandQueue queue =
      new RelayCommandQueue(
          ledger.tx,
          new RelayConfirmationNotices(new Notifier(List.of("log", "webhook"))),
          RelaySettings.defaults(),
          clock);

  private void open(String account, PaymentMode mode) {
    ledger.accounts.open(
        new Account(
            account,
            LedgerFixture.UTILITY,
            "Consumer " + account,
            "+919800000077",
            "hi",
            mode,
            LedgerFixture.TARIFF,
            BigDecimal.ONE,
            Instant.parse("2026-01-01T00:00:00Z")),
        "M-" + account);
  }

  /** Sends and confirms the command, and confirms it again as a second dispatcher would. */
  private void confirm(RelayCommand cmd, RelayState observed) {
    queue.markSent(cmd.id());
    queue.markConfirmed(cmd.id(), observed);
    queue.markConfirmed(cmd.id(), observed);
  }

  @Test
  void aPostpaidAccountDisconnectedByAnOperatorIsToldOncePerChannelWithoutABalance() {
    open("RN1", PaymentMode.POSTPAID);
    confirm(
        queue.requestManualForAccount("RN1", RelayAction.DISCONNECT, "ops.rao", "meter tamper"),
        RelayState.DISCONNECTED);

    assertThat(Outbox.forAccount(ledger.dataSource, "RN1"))
        .extracting(Outbox.Row::kind, Outbox.Row::channel, Outbox.Row::language)
        .containsExactlyInAnyOrder(
            tuple("supply_disconnected", "log", "hi"),
            tuple("supply_disconnected", "webhook", "hi"));
    assertThat(Outbox.forAccount(ledger.dataSource, "RN1"))
        .allSatisfy(
            r ->
                assertThat(r.body())
                    .contains("RN1", "काट दी गई")
                    .doesNotContain("बैलेंस", "रिचार्ज", "प्रीपेड"));
  }

  @Test
  void aPostpaidAccountWhoseDisconnectionTheEngineLiftsIsToldItsSupplyIsBack() {
    open("RN2", PaymentMode.POSTPAID);
    RelayCommand lift =
        ledger.tx.inTransaction(
            c ->
                queue.request(
                    c,
                    "M-RN2",
                    "RN2",
                    RelayAction.RECONNECT,
                    "account is postpaid: prepaid disconnection lifted",
                    "system"));
    confirm(lift, RelayState.CONNECTED);

    assertThat(Outbox.forAccount(ledger.dataSource, "RN2"))
        .extracting(Outbox.Row::kind, Outbox.Row::channel)
        .containsExactlyInAnyOrder(
            tuple("supply_reconnected", "log"), tuple("supply_reconnected", "webhook"));
    assertThat(Outbox.forAccount(ledger.dataSource, "RN2"))
        .allSatisfy(r -> assertThat(r.body()).contains("बहाल").doesNotContain("बैलेंस"));
  }

  @Test
  void aPrepaidAccountDisconnectedByAnOperatorIsNotToldItWasForItsBalance() {
    open("RN3", PaymentMode.PREPAID);
    confirm(
        queue.requestManualForAccount("RN3", RelayAction.DISCONNECT, "ops.rao", "consumer asked"),
        RelayState.DISCONNECTED);
    confirm(
        ledger.tx.inTransaction(
            c -> queue.request(c, "M-RN3", "RN3", RelayAction.RECONNECT, "restored", "system")),
        RelayState.CONNECTED);

    assertThat(Outbox.forAccount(ledger.dataSource, "RN3"))
        .extracting(Outbox.Row::kind, Outbox.Row::channel)
        .containsExactlyInAnyOrder(
            tuple("supply_disconnected", "log"),
            tuple("supply_disconnected", "webhook"),
            tuple("reconnected", "log"),
            tuple("reconnected", "webhook"));
  }
}
