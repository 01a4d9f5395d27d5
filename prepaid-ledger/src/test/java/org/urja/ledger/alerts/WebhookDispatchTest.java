package org.urja.ledger.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.db.Json;
import org.urja.ledger.support.LedgerFixture;
import org.urja.ledger.support.MutableClock;
import org.urja.ledger.support.Outbox;

class WebhookDispatchTest {

  private static final byte[] SECRET =
      "s3cret-shared-with-the-sms-gateway".getBytes(StandardCharsets.UTF_8);
  private static final LedgerFixture ledger = new LedgerFixture();
  private static int accounts;

  // the outbox stamps rows with the database clock, so the test clock starts from real time
  private final MutableClock clock = new MutableClock(Instant.now().plusSeconds(1));
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> signatures = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private HttpServer server;
  private String account;

  @BeforeEach
  void startReceiver() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/notify",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = failuresLeft.getAndDecrement() > 0 ? failureStatus : 202;
          if (status == 202) {
            bodies.add(new String(body, StandardCharsets.UTF_8));
            signatures.add(
                exchange.getRequestHeaders().getFirst("X-Urja-Signature")
                    + "|"
                    + expectedSignature(body));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    account = "WH" + ++accounts;
    ledger.open(account, "WHM" + accounts, PaymentMode.PREPAID);
    ledger.tx.inTransaction(
        c ->
            new Notifier(List.of("webhook"))
                .notify(
                    c,
                    AccountRegistry.find(c, account).orElseThrow(),
                    NotificationKind.BALANCE_LOW,
                    Map.of("balance", "₹300.00", "percent", "30", "lastRecharge", "₹1,000.00"),
                    "test:" + account));
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  private NotificationDispatcher dispatcher(int maxAttempts) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notify");
    return new NotificationDispatcher(
        ledger.tx,
        List.of(new WebhookChannel(uri, SECRET)),
        new DispatchSettings(
            10,
            Duration.ofMillis(50),
            Duration.ofMinutes(2),
            maxAttempts,
            Duration.ofSeconds(30),
            Duration.ofMinutes(10)),
        clock,
        metrics);
  }

  private static String expectedSignature(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Outbox.Row row() {
    return Outbox.forAccount(ledger.dataSource, account).get(0);
  }

  @Test
  void theWebhookReceivesTheJsonBodySignedWithHmacSha256() {
    dispatcher(5).runOnce();

    assertThat(bodies)
        .singleElement()
        .satisfies(
            b -> {
              var json = Json.MAPPER.readTree(b);
              assertThat(json.get("kind").asText()).isEqualTo("balance_low");
              assertThat(json.get("accountId").asText()).isEqualTo(account);
              assertThat(json.get("text").asText()).contains("₹300.00");
            });
    assertThat(signatures)
        .singleElement()
        .satisfies(
            s -> {
              String[] parts = s.split("\\|");
              assertThat(parts[0]).isEqualTo(parts[1]).startsWith("sha256=");
            });
    assertThat(row().status()).isEqualTo("delivered");
  }

  @Test
  void aFailingReceiverIsRetriedWithExponentialBackoff() {
    failuresLeft.set(2);
    NotificationDispatcher dispatcher = dispatcher(5);

    assertThat(dispatcher.runOnce()).isEqualTo(1);
    assertThat(dispatcher.runOnce()).as("not due before the backoff").isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(dispatcher.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(dispatcher.runOnce()).as("second backoff is 60 s").isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(dispatcher.runOnce()).isEqualTo(1);

    assertThat(row().status()).isEqualTo("delivered");
    assertThat(row().attempts()).isEqualTo(3);
    assertThat(bodies).hasSize(1);
  }

  @Test
  void aMessageIsDeadLetteredAfterTheAttemptLimit() {
    failuresLeft.set(100);
    NotificationDispatcher dispatcher = dispatcher(3);
    for (int i = 0; i < 5; i++) {
      dispatcher.runOnce();
      clock.advance(Duration.ofMinutes(10));
    }

    assertThat(row().status()).isEqualTo("dead");
    assertThat(row().attempts()).isEqualTo(3);
    assertThat(row().lastError()).isEqualTo("HTTP 503");
    assertThat(
            metrics.counter("urja.notifications", "channel", "webhook", "outcome", "retry").count())
        .isEqualTo(3);
  }

  @Test
  void aReceiverRefusingTheMessageDeadLettersItAtOnce() {
    failuresLeft.set(1);
    failureStatus = 400;
    dispatcher(5).runOnce();

    assertThat(row().status()).isEqualTo("dead");
    assertThat(row().attempts()).isEqualTo(1);
  }

  @Test
  void theStartedDispatcherDeliversOnItsOwnThread() throws Exception {
    try (NotificationDispatcher dispatcher = dispatcher(5)) {
      dispatcher.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> !bodies.isEmpty());
    }
    assertThat(bodies).hasSize(1);
  }
}
