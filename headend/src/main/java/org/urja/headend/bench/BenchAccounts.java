package org.urja.headend.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

/**
 * The benchmark's utility, tariff and prepaid accounts. The utility may disconnect at any hour of
 * any day without grace or notice, so a relay decision is made as soon as the policy job runs: the
 * latencies measured are the machinery's, not the consumer-protection calendar's.
 */
final class BenchAccounts {
  static final String UTILITY = "BENCHCO";
  static final String TARIFF = "BENCH-FLAT";

  /** Flat energy rate: 8 rupees per kWh. */
  static final long PAISE_PER_KWH = 800;

  private final PrepaidEngine prepaid;

  BenchAccounts(PrepaidEngine prepaid) {
    this.prepaid = prepaid;
    prepaid
        .utilities()
        .register(
            UTILITY,
            "Benchmark Discom",
            UtilitySettings.disconnectingAtOnce()
                // accounts are opened with credit for the whole run (₹1 crore), above a household's
                // limit
                .withMaxPayment(Long.MAX_VALUE));
    prepaid
        .tariffs()
        .save(
            new Tariff(
                UTILITY,
                TARIFF,
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, BigDecimal.valueOf(PAISE_PER_KWH))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
  }

  static String accountOf(String meterSerial) {
    return "ACC-" + meterSerial;
  }

  /**
   * Opens one prepaid account per meter serial and credits it, on a few threads (setup, not
   * measured).
   */
  void open(List<String> meterSerials, long creditPaise) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String serial : meterSerials) {
        done.add(
            pool.submit(
                () -> {
                  String account = accountOf(serial);
                  prepaid
                      .accounts()
                      .open(
                          new Account(
                              account,
                              UTILITY,
                              "Consumer " + serial,
                              "+910000000000",
                              "en",
                              PaymentMode.PREPAID,
                              TARIFF,
                              new BigDecimal("2"),
                              Instant.parse("2020-01-01T00:00:00Z")),
                          serial);
                  prepaid
                      .payments()
                      .post(account, creditPaise, "OPEN-" + serial, "UPI", Instant.now());
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
