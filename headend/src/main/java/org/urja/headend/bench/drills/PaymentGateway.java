package org.urja.headend.bench.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A payment gateway posting recharges through the head-end's HTTP API as gateways do: each payment
 * has its own reference and is sent again, unchanged, until the head-end acknowledges it (201, or
 * 200 for a reference it already has), through refused connections, timeouts and 5xx. A 4xx is an
 * answer too, and is counted as rejected, not retried.
 */
final class PaymentGateway implements AutoCloseable {
  private final IntSupplier httpPort;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ExecutorService workers;
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();

  /** {@code httpPort} is asked before every attempt: the node that answers may change. */
  PaymentGateway(IntSupplier httpPort, String token, int concurrency) {
    this.httpPort = httpPort;
    this.token = token;
    this.workers =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "urja-drill-gateway");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Posts {@code count} payments of {@code amountPaise} spread over {@code over}, to the accounts
   * in turn; each is retried until acknowledged or {@code giveUpAfter} has passed since it began.
   */
  void post(
      String scenario,
      List<String> accounts,
      int count,
      long amountPaise,
      Duration over,
      Duration giveUpAfter) {
    long spacingNanos = over.toNanos() / Math.max(1, count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String reference = "DRILL-" + scenario + "-" + i;
      String account = accounts.get(i % accounts.size());
      long due = start + i * spacingNanos;
      workers.execute(
          () -> {
            waitUntil(due);
            deliver(reference, account, amountPaise, giveUpAfter);
          });
    }
  }

  private void deliver(String reference, String account, long amountPaise, Duration giveUpAfter) {
    String body =
        "{\"accountId\":\""
            + account
            + "\",\"amountPaise\":"
            + amountPaise
            + ",\"gatewayReference\":\""
            + reference
            + "\",\"channel\":\"UPI\"}";
    long deadline = System.nanoTime() + giveUpAfter.toNanos();
    boolean first = true;
    while (System.nanoTime() < deadline) {
      if (!first) {
        retries.incrementAndGet();
        waitUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
      }
      first = false;
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort.getAsInt() + "/api/payments"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 || r.statusCode() == 201) {
          acknowledged.add(reference);
          return;
        }
        if (r.statusCode() >= 400 && r.statusCode() < 500) {
          rejected.incrementAndGet();
          return;
        }
      } catch (IOException e) {
        // refused, reset or timed out: the head-end may or may not have posted it; send it again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    unanswered.incrementAndGet();
  }

  /** Waits until every payment has been acknowledged, rejected or given up on. */
  void awaitAll(Duration max) throws InterruptedException {
    workers.shutdown();
    workers.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  long rejected() {
    return rejected.get();
  }

  long retries() {
    return retries.get();
  }

  long unanswered() {
    return unanswered.get();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  private static void waitUntil(long nanos) {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
