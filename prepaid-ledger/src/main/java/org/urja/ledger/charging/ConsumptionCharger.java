package org.urja.ledger.charging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.charging.ChargeState.Position;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.JournalBatch;
import org.urja.ledger.tariff.ChargeLines;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffBook;
import org.urja.ledger.tariff.TariffCalculator;
import org.urja.ledger.tariff.TariffCatalog;

/**
 * Charges committed energy-register readings, exactly once.
 *
 * <p>For each meter the ledger keeps the last charged register value and time. A reading at or before
 * that time is stale (duplicate, replayed, reordered or late) and ignored; a later reading is charged
 * for the whole delta since the last charged value, however long the gap; a lower value than the last
 * charged one opens a {@code register_backwards} anomaly and charges nothing until an operator
 * rebaselines the meter ({@link AnomalyReview}). The first reading of a meter for an account is its
 * baseline. Deductions carry the idempotency key {@code charge:{meter}:{ts}}.
 *
 * <p>Readings are processed in transactions of about {@code readingsPerTransaction}, all readings of
 * one meter in the same transaction. Each transaction locks the balance rows of its accounts (sorted)
 * and then the meters' charge state, so any number of head-end nodes may charge concurrently.
 */
public final class ConsumptionCharger {

  private static final BigDecimal WH_PER_KWH = BigDecimal.valueOf(1000);

  private final Transactions tx;
  private final BalanceListener listener;
  private final int readingsPerTransaction;
  private final MeterRegistry metrics;

  /**
   * @param readingsPerTransaction readings per transaction (all of one meter's readings stay together)
   * @param metrics receives {@code urja.ledger.readings{outcome}} and {@code urja.ledger.deducted.paise}
   */
  public ConsumptionCharger(Transactions tx, BalanceListener listener, int readingsPerTransaction,
      MeterRegistry metrics) {
    this.tx = tx;
    this.listener = listener;
    this.readingsPerTransaction = readingsPerTransaction;
    this.metrics = metrics;
  }

  public ConsumptionCharger(Transactions tx, BalanceListener listener, int readingsPerTransaction) {
    this(tx, listener, readingsPerTransaction, Metrics.globalRegistry);
  }

  public ConsumptionCharger(Transactions tx, BalanceListener listener) {
    this(tx, listener, 5_000);
  }

  public ChargeReport charge(List<RegisterReading> readings) {
    Map<String, List<RegisterReading>> byMeter = readings.stream()
        .collect(Collectors.groupingBy(RegisterReading::meterSerial, TreeMap::new, Collectors.toList()));
    ChargeReport report = ChargeReport.empty();
    Map<String, List<RegisterReading>> chunk = new LinkedHashMap<>();
    int size = 0;
    for (Map.Entry<String, List<RegisterReading>> e : byMeter.entrySet()) {
      chunk.put(e.getKey(), e.getValue());
      size += e.getValue().size();
      if (size >= readingsPerTransaction) {
        report = report.plus(chargeChunk(chunk));
        chunk = new LinkedHashMap<>();
        size = 0;
      }
    }
    return chunk.isEmpty() ? report : report.plus(chargeChunk(chunk));
  }

  private ChargeReport chargeChunk(Map<String, List<RegisterReading>> byMeter) {
    ChargeReport r = tx.inTransaction(c -> new ChunkRun(c, byMeter).run());
    // counted after commit, so a rolled-back chunk is not counted
    count("charged", r.charged());
    count("stale", r.stale());
    count("baseline", r.baselines());
    count("recorded_only", r.recordedOnly());
    count("anomaly", r.anomalies());
    count("unknown_meter", r.unknownMeter());
    metrics.counter("urja.ledger.deducted.paise").increment(r.deductedPaise());
    return r;
  }

  private void count(String outcome, int n) {
    if (n > 0) {
      metrics.counter("urja.ledger.readings", "outcome", outcome).increment(n);
    }
  }

  /** One transaction's worth of readings. */
  private final class ChunkRun {
    private final Connection c;
    private final Map<String, List<RegisterReading>> byMeter;
    private final Map<String, UtilitySettings> settings = new HashMap<>();
    private int charged;
    private int stale;
    private int baselines;
    private int recordedOnly;
    private int anomalies;
    private int unknown;
    private long deducted;

    ChunkRun(Connection c, Map<String, List<RegisterReading>> byMeter) {
      this.c = c;
      this.byMeter = byMeter;
    }

    ChargeReport run() throws SQLException {
      MeterLinks links = MeterLinks.load(c, byMeter.keySet());
      Map<RegisterReading, String> accountOf = new HashMap<>();
      for (List<RegisterReading> rs : byMeter.values()) {
        for (RegisterReading r : rs) {
          Optional<String> a = links.accountAt(r.meterSerial(), r.ts());
          if (a.isPresent()) {
            accountOf.put(r, a.get());
          } else {
            unknown++;
          }
        }
      }
      if (accountOf.isEmpty()) {
        return report();
      }
      Set<String> accountIds = Set.copyOf(accountOf.values());
      JournalBatch journal = JournalBatch.lock(c, accountIds);
      Map<String, Account> accounts = AccountRegistry.findAll(c, accountIds);
      ChargeState state = ChargeState.lock(c, byMeter.keySet());
      TariffCatalog tariffs = TariffBook.catalog(c);
      LocalDate earliestMonth = accountOf.keySet().stream()
          .map(r -> billingMonth(r, accounts.get(accountOf.get(r))))
          .min(Comparator.naturalOrder()).orElseThrow();
      MonthlyConsumption monthly = MonthlyConsumption.load(c, accountIds, earliestMonth);
      for (Map.Entry<String, List<RegisterReading>> e : byMeter.entrySet()) {
        List<RegisterReading> sorted = new ArrayList<>(e.getValue());
        sorted.sort(Comparator.comparing(RegisterReading::ts));
        for (RegisterReading r : sorted) {
          String accountId = accountOf.get(r);
          if (accountId != null) {
            chargeOne(r, accounts.get(accountId), state, monthly, tariffs, journal);
          }
        }
      }
      journal.flush();
      state.save(c);
      monthly.save(c);
      listener.onBalanceChanges(c, journal.changes());
      return report();
    }

    private void chargeOne(RegisterReading r, Account account, ChargeState state, MonthlyConsumption monthly,
        TariffCatalog tariffs, JournalBatch journal) throws SQLException {
      String meter = r.meterSerial();
      Position last = state.get(meter);
      Position next = new Position(account.accountId(), r.wh(), r.ts());
      if (last == null || !last.accountId().equals(account.accountId())) {
        state.advance(meter, next);
        baselines++;
        return;
      }
      if (!r.ts().isAfter(last.ts())) {
        stale++;
        return;
      }
      if (r.wh().compareTo(last.wh()) < 0) {
        // rollover, replaced meter or fault: never a silent credit; a person decides the new baseline
        if (!AnomalyLog.hasOpen(c, meter, AnomalyLog.REGISTER_BACKWARDS)) {
          AnomalyLog.record(c, AnomalyLog.REGISTER_BACKWARDS, meter, account.accountId(), last.wh(), last.ts(),
              r.wh(), r.ts());
        }
        anomalies++;
        return;
      }
      BigDecimal kwh = r.wh().subtract(last.wh()).divide(WH_PER_KWH);
      LocalDate month = billingMonth(r, account);
      if (!account.isPrepaid() || kwh.signum() == 0) {
        monthly.add(account.accountId(), month, kwh);
        state.advance(meter, next);
        recordedOnly++;
        return;
      }
      ZoneId zone = zone(account);
      LocalDate day = r.ts().atZone(zone).toLocalDate();
      Optional<Tariff> tariff = tariffs.inForce(account.utilityId(), account.tariffCode(), day);
      if (tariff.isEmpty()) {
        // the position is kept, so the delta is charged once the tariff is loaded
        AnomalyLog.record(c, AnomalyLog.NO_TARIFF, meter, account.accountId(), last.wh(), last.ts(), r.wh(), r.ts());
        anomalies++;
        return;
      }
      ChargeLines lines = new TariffCalculator(zone)
          .energy(tariff.get(), monthly.monthToDate(account.accountId(), month), kwh, last.ts(), r.ts(), true);
      monthly.add(account.accountId(), month, kwh);
      state.advance(meter, next);
      if (lines.totalPaise() == 0) {
        recordedOnly++;
        return;
      }
      journal.add(account.accountId(), EntryKind.DEDUCTION, -lines.totalPaise(), "charge:" + meter + ":" + r.ts(),
          r.ts(), meter, null, Map.of("tariff", tariff.get().code(), "lines", lines, "fromWh", last.wh(),
              "toWh", r.wh()));
      charged++;
      deducted += lines.totalPaise();
    }

    private LocalDate billingMonth(RegisterReading r, Account account) {
      ZonedDateTime local = r.ts().atZone(zone(account));
      return local.toLocalDate().withDayOfMonth(1);
    }

    private ZoneId zone(Account account) {
      return ZoneId.of(settings.computeIfAbsent(account.utilityId(), u -> {
        try {
          return UtilityRegistry.settings(c, u);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }).zone());
    }

    private ChargeReport report() {
      return new ChargeReport(charged, stale, baselines, recordedOnly, anomalies, unknown, deducted);
    }
  }
}
