package org.urja.ledger.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

/**
 * Issue 9: no prepaid message reaches a postpaid account, not even one queued before the switch.
 */
class PostpaidGateTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private final MutableClock clock = new MutableClock(Instant.now().plusSeconds(1));
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();
  private final NotificationChannel channel =
      new NotificationChannel() {
        @Override
        public String name() {
          return "gate";
        }

        @Override
        public DeliveryResult deliver(OutboxMessage m) {
          delivered.add(m.accountId() + ":" + m.kind());
          return DeliveryResult.delivered();
        }
      };
  private final Notifier notifier = new Notifier(List.of("gate"));
  private final NotificationDispatcher dispatcher =
      new NotificationDispatcher(
          ledger.tx,
          List.of(channel),
          DispatchSettings.defaults(),
          clock,
          new SimpleMeterRegistry());

  private boolean queue(String account, NotificationKind kind, String key) {
    return ledger.tx.inTransaction(
        c ->
            notifier.notify(
                c,
                AccountRegistry.find(c, account).orElseThrow(),
                kind,
                Map.of(
                    "balance",
                    "₹300.00",
                    "percent",
                    "30",
                    "lastRecharge",
                    "₹1,000.00",
                    "bill",
                    "B1",
                    "dueDate",
                    "01-01-2027",
                    "amount",
                    "₹10.00"),
                key));
  }

  @Test
  void prepaidMessagesQueuedBeforeASwitchToPostpaidAreSuppressedWithTheReasonAndNeverDelivered() {
    ledger.open("GATE1", "GATEM1", PaymentMode.PREPAID);
    assertThat(queue("GATE1", NotificationKind.BALANCE_LOW, "gate1:low")).isTrue();
    assertThat(queue("GATE1", NotificationKind.DISCONNECTION_NOTICE, "gate1:notice")).isTrue();
    ledger.accounts.switchMode("GATE1", PaymentMode.POSTPAID, "operator", "test", Instant.now());

    dispatcher.runOnce();

    assertThat(delivered).noneMatch(d -> d.startsWith("GATE1:"));
    assertThat(Outbox.forAccount(ledger.dataSource, "GATE1"))
        .allSatisfy(
            row -> {
              assertThat(row.status()).isEqualTo("suppressed");
              assertThat(row.lastError()).contains("postpaid");
            });
  }

  @Test
  void aPostpaidAccountIsRefusedPrepaidKindsAndGivenBillKindsAndAPrepaidOneTheReverse() {
    ledger.open("GATE2", "GATEM2", PaymentMode.POSTPAID);
    ledger.open("GATE3", "GATEM3", PaymentMode.PREPAID);

    assertThat(queue("GATE2", NotificationKind.BALANCE_LOW, "gate2:low")).isFalse();
    assertThat(queue("GATE2", NotificationKind.BILL_DUE, "gate2:due")).isTrue();
    assertThat(queue("GATE3", NotificationKind.BILL_DUE, "gate3:due")).isFalse();
    dispatcher.runOnce();

    assertThat(delivered).contains("GATE2:bill_due").noneMatch(d -> d.startsWith("GATE3:"));
    assertThat(Outbox.kinds(ledger.dataSource, "GATE2")).containsExactly("bill_due");
  }
}
