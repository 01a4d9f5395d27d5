package org.urja.headend.bench.drills;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.app.NodeSettings;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.ingest.db.Database;
import org.urja.ingest.db.DatabaseConfig;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;

/**
 * The drill's schema and prepaid accounts, made before any head-end starts so that every reading
 * the fleet pushes has an account to charge. Credit is ample and the utility never disconnects: the
 * drills watch money and data, not relays.
 */
final class DrillAccounts {
  static final String UTILITY = "DRILLCO";
  static final String TARIFF = "DRILL-FLAT";

  /**
   * ₹2,00,000: the most one recharge may be by default, and far more than a drill's readings cost.
   */
  static final long OPENING_CREDIT_PAISE = UtilitySettings.DEFAULT_MAX_PAYMENT_PAISE;

  private DrillAccounts() {}

  static String accountOf(String meterSerial) {
    return "ACC-" + meterSerial;
  }

  /** {@code urja migrate}, in this process. */
  static void migrate(String jdbcUrl) {
    try (Database db =
        new Database(new DatabaseConfig(jdbcUrl, LocalPostgres.USER, "").withPoolSize(2))) {
      HeadEnd.migrate(db.dataSource(), UrjaConfig.defaults());
    }
  }

  /** Opens and credits one prepaid account per serial. */
  static void open(String jdbcUrl, List<String> meterSerials) throws Exception {
    try (Database db =
            new Database(new DatabaseConfig(jdbcUrl, LocalPostgres.USER, "").withPoolSize(4));
        PrepaidEngine prepaid =
            new PrepaidEngine(
                db.dataSource(),
                NodeSettings.prepaidEngine(UrjaConfig.defaults()),
                new SimpleMeterRegistry(),
                Clock.systemUTC(),
                List.of())) {
      prepaid.utilities().register(UTILITY, "Drill Discom", UtilitySettings.disconnectingAtOnce());
      prepaid
          .tariffs()
          .save(
              new Tariff(
                  UTILITY,
                  TARIFF,
                  LocalDate.parse("2020-01-01"),
                  List.of(new Slab(null, BigDecimal.valueOf(800))),
                  BigDecimal.ZERO,
                  BigDecimal.ZERO,
                  List.of(),
                  Rebate.none()));
      for (String serial : meterSerials) {
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
            .post(account, OPENING_CREDIT_PAISE, "OPEN-" + serial, "UPI", Instant.now());
      }
    }
  }
}
