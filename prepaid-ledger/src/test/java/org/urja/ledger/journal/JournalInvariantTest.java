package org.urja.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ledger.support.LedgerFixture.reading;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.charging.FixedChargeAccrual;
import org.urja.ledger.charging.RegisterReading;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.ReceiptListener;
import org.urja.ledger.support.LedgerFixture;

/** Balance = sum of the journal, whatever happens, in whatever order, however often. */
class JournalInvariantTest {

  private static final LedgerFixture ledger = new LedgerFixture();
  private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

  static {
    ledger.tariffs.save(ledger.telescopicTariff());
  }

  private final ConsumptionCharger charger =
      new ConsumptionCharger(ledger.tx, BalanceListener.NONE, 50);
  private final PaymentPosting payments =
      new PaymentPosting(
          ledger.tx,
          BalanceListener.NONE,
          ReceiptListener.NONE,
          Clock.fixed(START, ZoneOffset.UTC));
  private final FixedChargeAccrual fixed = new FixedChargeAccrual(ledger.tx, BalanceListener.NONE);

  @Test
  void randomSequencesOfChargesRechargesReversalsAndDuplicatesKeepTheBalanceEqualToTheJournal() {
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed);
      String account = "R" + seed;
      String meter = "RM" + seed;
      ledger.open(account, meter, PaymentMode.PREPAID);
      List<RegisterReading> history = new ArrayList<>();
      List<String> references = new ArrayList<>();
      long wh = 0;
      for (int step = 0; step < 60; step++) {
        Instant at = START.plusSeconds(900L * step);
        switch (random.nextInt(6)) {
          case 0, 1 -> {
            wh += random.nextInt(3_000);
            history.add(reading(meter, at.toString(), wh));
            charger.charge(List.of(history.get(history.size() - 1)));
          }
          case 2 -> {
            String ref = "UTR-" + seed + "-" + step;
            references.add(ref);
            payments.post(account, 100 + random.nextInt(100_000), ref, "upi", at);
          }
          case 3 -> {
            if (!references.isEmpty()) {
              String ref = references.get(random.nextInt(references.size()));
              payments.reverse(ref, "chargeback");
            }
          }
          case 4 -> {
            // the gateway retries and the ingest pipeline replays
            if (!references.isEmpty()) {
              String ref = references.get(random.nextInt(references.size()));
              var r = payments.receipt(ref).orElseThrow();
              payments.post(account, r.amountPaise(), ref, "upi", at);
            }
            charger.charge(List.copyOf(history));
          }
          default -> fixed.accrue(LocalDate.of(2026, 5, 1 + random.nextInt(5)));
        }
        assertThat(ledger.balance(account)).isEqualTo(ledger.queries.journalSumPaise(account));
      }
    }
    assertThat(ledger.queries.accountsOutOfBalance()).isEmpty();
  }

  @Test
  void concurrentRechargesAndChargingFromSeveralThreadsLoseNothing() throws Exception {
    int accounts = 4;
    for (int a = 0; a < accounts; a++) {
      ledger.open("C" + a, "CM" + a, PaymentMode.PREPAID);
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> work = new ArrayList<>();
    int readings = 40;
    for (int t = 0; t < 3; t++) {
      // three "nodes" handed the same readings: each delta must be charged exactly once
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i <= readings; i++) {
                  List<RegisterReading> batch = new ArrayList<>();
                  for (int a = 0; a < accounts; a++) {
                    batch.add(
                        reading("CM" + a, START.plusSeconds(900L * i).toString(), 1_000L * i));
                  }
                  charger.charge(batch);
                }
              }));
    }
    for (int t = 0; t < 3; t++) {
      int thread = t;
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 20; i++) {
                  for (int a = 0; a < accounts; a++) {
                    // every reference is posted by two threads; exactly one credit each
                    payments.post(
                        "C" + a, 10_000, "UTR-C" + a + "-" + i + "-" + (thread % 2), "upi", START);
                  }
                }
              }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    pool.shutdown();

    for (int a = 0; a < accounts; a++) {
      String account = "C" + a;
      long expectedRecharges = 2 * 20 * 10_000;
      long charges =
          ledger.queries.entries(account).stream()
              .filter(e -> e.kind() == EntryKind.DEDUCTION)
              .mapToLong(PostedEntry::amountPaise)
              .sum();
      assertThat(
              ledger.queries.entries(account).stream().filter(e -> e.kind() == EntryKind.DEDUCTION))
          .hasSize(readings);
      assertThat(ledger.balance(account)).isEqualTo(expectedRecharges + charges);
      assertThat(ledger.balance(account)).isEqualTo(ledger.queries.journalSumPaise(account));
    }
    assertThat(ledger.queries.accountsOutOfBalance()).isEmpty();
  }
}
