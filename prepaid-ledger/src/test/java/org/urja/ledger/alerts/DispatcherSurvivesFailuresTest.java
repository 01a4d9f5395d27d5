package org.urja.ledger.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

/** Issue 7: one message's failure, whatever it throws, never stops the notification dispatcher. */
class DispatcherSurvivesFailuresTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static final AtomicInteger accounts = new AtomicInteger();
  private final MutableClock clock = new MutableClock(Instant.now().plusSeconds(1));
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  /** Throws an Error for the accounts named poisoned, and delivers every other message. */
  private static final class PoisonedChannel implements NotificationChannel {
    final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    final Set<String> delivered = ConcurrentHashMap.newKeySet();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() {
      return "poisoned";
    }

    @Override
    public DeliveryResult deliver(OutboxMessage m) {
      calls.incrementAndGet();
      if (poisoned.contains(m.accountId())) {
        throw new StackOverflowError("channel blew up on " + m.accountId());
      }
      delivered.add(m.accountId());
      return DeliveryResult.delivered();
    }
  }

  private String queueMessage() {
    String account = "SURV" + accounts.incrementAndGet();
    ledger.open(account, "SURVM" + accounts.get(), PaymentMode.PREPAID);
    ledger.tx.inTransaction(
        c ->
            new Notifier(List.of("poisoned"))
                .notify(
                    c,
                    AccountRegistry.find(c, account).orElseThrow(),
                    NotificationKind.BALANCE_LOW,
                    Map.of("balance", "₹300.00", "percent", "30", "lastRecharge", "₹1,000.00"),
                    "survive:" + account));
    return account;
  }

  private NotificationDispatcher dispatcher(PoisonedChannel channel, int maxAttempts) {
    return new NotificationDispatcher(
        ledger.tx,
        List.of(channel),
        new DispatchSettings(
            10,
            Duration.ofMillis(20),
            Duration.ofMinutes(2),
            maxAttempts,
            Duration.ofSeconds(30),
            Duration.ofMinutes(10)),
        clock,
        metrics);
  }

  private Outbox.Row row(String account) {
    return Outbox.forAccount(ledger.dataSource, account).get(0);
  }

  @Test
  void anErrorFromTheChannelFailsOnlyThatMessageAndTheRestOfTheBatchIsDelivered() {
    PoisonedChannel channel = new PoisonedChannel();
    String poison = queueMessage();
    String fine = queueMessage();
    channel.poisoned.add(poison);

    dispatcher(channel, 5).runOnce();

    assertThat(channel.delivered).contains(fine).doesNotContain(poison);
    assertThat(row(fine).status()).isEqualTo("delivered");
    assertThat(row(poison).status()).isEqualTo("pending");
    assertThat(row(poison).attempts()).isEqualTo(1);
    assertThat(row(poison).lastError()).contains("StackOverflowError");
  }

  @Test
  void theStartedDispatcherGoesOnAfterAnErrorAndAMessageFailingEveryTimeEndsDead() {
    PoisonedChannel channel = new PoisonedChannel();
    String poison = queueMessage();
    channel.poisoned.add(poison);
    try (NotificationDispatcher dispatcher = dispatcher(channel, 3)) {
      dispatcher.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> row(poison).attempts() == 1);
      String later = queueMessage();
      await().atMost(Duration.ofSeconds(10)).until(() -> channel.delivered.contains(later));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                clock.advance(Duration.ofMinutes(1));
                return row(poison).status().equals("dead");
              });
    }
    assertThat(row(poison).attempts()).isEqualTo(3);
    assertThat(row(poison).lastError()).contains("StackOverflowError");
  }

  @Test
  void aMessageWhoseDeliveriesWereCutShortByCrashesIsDeadLetteredNotClaimedForEver()
      throws Exception {
    PoisonedChannel channel = new PoisonedChannel();
    String account = queueMessage();
    // what three crashes in the middle of delivery leave behind: claimed three times, lease passed,
    // no outcome
    try (Connection c = ledger.dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "update notification_outbox set attempts = 3, next_attempt_at = now() - interval '1 minute' where account_id = ?")) {
      ps.setString(1, account);
      ps.executeUpdate();
    }

    dispatcher(channel, 3).runOnce();

    assertThat(channel.calls).hasValue(0);
    assertThat(row(account).status()).isEqualTo("dead");
    assertThat(row(account).lastError()).contains("no outcome after 3 attempts");
    assertThat(
            metrics
                .counter("urja.notifications", "channel", "poisoned", "outcome", "abandoned")
                .count())
        .isEqualTo(1);
  }
}
