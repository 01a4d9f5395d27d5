package org.urja.ledger.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import javax.sql.DataSource;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.charging.RegisterReading;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.LedgerQueries;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffBook;
import org.urja.ledger.tariff.TimeOfDayBand;

/** A utility with a simple domestic tariff, and helpers to open accounts and make readings. */
public final class LedgerFixture {

  public static final String UTILITY = "UPPCL";
  public static final String TARIFF = "LMV-1";

  public final DataSource dataSource;
  public final Transactions tx;
  public final UtilityRegistry utilities;
  public final AccountRegistry accounts;
  public final TariffBook tariffs;
  public final LedgerQueries queries;

  public LedgerFixture() {
    this(UtilitySettings.defaults());
  }

  public LedgerFixture(UtilitySettings settings) {
    dataSource = TestDatabase.freshDatabase();
    tx = new Transactions(dataSource);
    utilities = new UtilityRegistry(tx);
    accounts = new AccountRegistry(tx);
    tariffs = new TariffBook(tx);
    queries = new LedgerQueries(tx);
    utilities.register(UTILITY, "Uttar Pradesh Power Corporation", settings);
  }

  /** Flat ₹5.00/kWh, no fixed charge, no duty, no ToD: easy arithmetic for journal tests. */
  public Tariff flatTariff() {
    return new Tariff(
        UTILITY,
        TARIFF,
        LocalDate.of(2020, 1, 1),
        List.of(new Slab(null, new BigDecimal("500"))),
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        List.of(),
        Rebate.none());
  }

  /** 0–100 @ ₹3.35, 101–150 @ ₹3.85, 151–300 @ ₹5.00, above @ ₹5.50; ₹110/kW/day fixed; 5% duty. */
  public Tariff telescopicTariff() {
    return new Tariff(
        UTILITY,
        TARIFF,
        LocalDate.of(2020, 1, 1),
        List.of(
            new Slab(new BigDecimal("100"), new BigDecimal("335")),
            new Slab(new BigDecimal("150"), new BigDecimal("385")),
            new Slab(new BigDecimal("300"), new BigDecimal("500")),
            new Slab(null, new BigDecimal("550"))),
        new BigDecimal("110"),
        new BigDecimal("5"),
        List.of(),
        Rebate.none());
  }

  public Tariff withTimeOfDay(Tariff t) {
    return new Tariff(
        t.utilityId(),
        t.code(),
        t.effectiveFrom(),
        t.slabs(),
        t.fixedChargePaisePerKwPerDay(),
        t.dutyPercent(),
        List.of(
            new TimeOfDayBand(LocalTime.of(18, 0), LocalTime.of(22, 0), new BigDecimal("1.20")),
            new TimeOfDayBand(LocalTime.of(22, 0), LocalTime.of(6, 0), new BigDecimal("0.90"))),
        t.prepaidRebate());
  }

  public void open(String accountId, String meterSerial, PaymentMode mode) {
    accounts.open(
        new Account(
            accountId,
            UTILITY,
            "Consumer " + accountId,
            "+919800000000",
            null,
            mode,
            TARIFF,
            new BigDecimal("2"),
            Instant.parse("2026-01-01T00:00:00Z")),
        meterSerial);
  }

  public static RegisterReading reading(String meter, String ts, long wh) {
    return new RegisterReading(meter, Instant.parse(ts), BigDecimal.valueOf(wh));
  }

  public long balance(String accountId) {
    return queries.balancePaise(accountId);
  }
}
