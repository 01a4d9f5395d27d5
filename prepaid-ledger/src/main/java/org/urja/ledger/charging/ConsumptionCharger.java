package org.urja.ledger.charging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.charging.ChargingRules.Decisions;
import org.urja.ledger.charging.ChargingRules.LinkedReading;
import org.urja.ledger.charging.ChargingRules.MeterReadings;
import org.urja.ledger.charging.ChargingRules.MonthKey;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.BalanceChange;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.JournalBatch;
import org.urja.ledger.journal.JournalEntry;
import org.urja.ledger.tariff.TariffBook;

/**
 * Charges committed energy-register readings, exactly once: loads what {@link ChargingRules} needs
 * for a batch, lets the rules decide, and applies the decisions with a fixed number of statements
 * per transaction, however many readings it holds.
 *
 * <p>For each meter the ledger keeps the last charged register value and time (the rules: stale,
 * baseline, backwards, gaps and tariffs are described in {@link ChargingRules}). The rules price
 * every reading on its own; a meter's consecutive deductions of one local day in one transaction
 * are then journalled as one entry ({@link ChargeSpans}: the exact sum of their charge lines), so
 * when charging falls behind, a meter's backlog costs one journal row, not one per reading, and the
 * work per reading falls as the backlog grows. An entry carries the idempotency key {@code
 * charge:{meter}:{ts of its last reading}}, and the meter's position moves to that reading in the
 * same transaction; readings at or before a position are stale, and the journal drops a key it
 * already holds, so readings replayed after a crash, in any batches, charge nothing twice, and
 * every balance stays equal to the sum of its journal.
 *
 * <p>Readings are processed in transactions of about {@code readingsPerTransaction}, all readings
 * of one meter in the same transaction. <b>Lock order</b>, the same in every writer of these tables
 * on every node: first the balance rows of the transaction's accounts ({@code balances}, one {@code
 * SELECT … FOR UPDATE} in account-id order, {@link JournalBatch#lock}), then the meters' charge
 * positions ({@code ledger_meter_charge_state}, one {@code SELECT … FOR UPDATE} in serial order).
 * Month-to-date consumption is read and written under the balance locks. So any number of head-end
 * nodes and charging lanes may charge concurrently without deadlocks, and a recharge (which takes
 * one balance lock) waits for at most one charging transaction.
 *
 * <p>The statements of one transaction: meter links, balances (locked), accounts, charge positions
 * (locked), tariffs, utilities' zones (one per utility), open review items, month-to-date; then
 * review items (one insert), the journal ({@link JournalBatch#flush}: one insert of one row per
 * meter's span, one balance update), positions (one update, and one upsert for new meters),
 * month-to-date (one update, and one upsert for a month's first charge), and the {@link
 * BalanceListener} (alerts and relay decisions) in the same transaction.
 */
public final class ConsumptionCharger {

  private final Transactions tx;
  private final BalanceListener listener;
  private final int readingsPerTransaction;
  private final MeterRegistry metrics;

  /**
   * @param readingsPerTransaction readings per transaction (all of one meter's readings stay
   *     together)
   * @param metrics receives {@code urja.ledger.readings{outcome}}, {@code
   *     urja.ledger.deducted.paise} and {@code urja.ledger.deduction.entries} (journal entries
   *     written for the charged readings)
   */
  public ConsumptionCharger(
      Transactions tx,
      BalanceListener listener,
      int readingsPerTransaction,
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
    return charge(readings, ChargedBalances.NONE);
  }

  /**
   * Charges the readings and tells {@code watch}, after each transaction commits, the balances its
   * deductions left.
   */
  public ChargeReport charge(List<RegisterReading> readings, ChargedBalances watch) {
    Map<MeterSerial, List<RegisterReading>> byMeter = new TreeMap<>();
    for (RegisterReading r : readings) {
      byMeter.computeIfAbsent(MeterSerial.of(r.meterSerial()), m -> new ArrayList<>()).add(r);
    }
    ChargeReport report = ChargeReport.empty();
    Map<MeterSerial, List<RegisterReading>> chunk = new LinkedHashMap<>();
    int size = 0;
    for (Map.Entry<MeterSerial, List<RegisterReading>> e : byMeter.entrySet()) {
      chunk.put(e.getKey(), e.getValue());
      size += e.getValue().size();
      if (size >= readingsPerTransaction) {
        report = report.plus(chargeChunk(chunk, watch));
        chunk = new LinkedHashMap<>();
        size = 0;
      }
    }
    return chunk.isEmpty() ? report : report.plus(chargeChunk(chunk, watch));
  }

  /** What one transaction did, and the balances its deductions left per meter. */
  private record Applied(ChargeReport report, Map<String, Long> balanceAfterByMeter) {}

  private ChargeReport chargeChunk(
      Map<MeterSerial, List<RegisterReading>> byMeter, ChargedBalances watch) {
    Applied applied = tx.inTransaction(c -> apply(c, byMeter));
    ChargeReport r = applied.report();
    if (!applied.balanceAfterByMeter().isEmpty()) {
      watch.charged(applied.balanceAfterByMeter());
    }
    // counted after commit, so a rolled-back chunk is not counted
    count("charged", r.charged());
    count("stale", r.stale());
    count("baseline", r.baselines());
    count("recorded_only", r.recordedOnly());
    count("anomaly", r.anomalies());
    count("unknown_meter", r.unknownMeter());
    metrics.counter("urja.ledger.deducted.paise").increment(r.deductedPaise());
    metrics.counter("urja.ledger.deduction.entries").increment(r.entries());
    return r;
  }

  private void count(String outcome, int n) {
    if (n > 0) {
      metrics.counter("urja.ledger.readings", "outcome", outcome).increment(n);
    }
  }

  /** One transaction: load, decide, apply. */
  private Applied apply(Connection c, Map<MeterSerial, List<RegisterReading>> byMeter)
      throws SQLException {
    MeterLinks links = MeterLinks.load(c, byMeter.keySet());
    Set<AccountId> accountIds = new TreeSet<>();
    for (Map.Entry<MeterSerial, List<RegisterReading>> e : byMeter.entrySet()) {
      for (RegisterReading r : e.getValue()) {
        links.accountAt(e.getKey(), r.ts()).ifPresent(accountIds::add);
      }
    }
    JournalBatch journal =
        accountIds.isEmpty()
            ? null
            : JournalBatch.lock(c, accountIds.stream().map(AccountId::value).toList());
    Map<AccountId, ChargedAccount> accounts = chargedAccounts(c, accountIds);
    Map<MeterSerial, ChargePosition> positions = ChargeState.lock(c, byMeter.keySet());
    Set<MeterSerial> underReview =
        AnomalyLog.open(c, byMeter.keySet(), AnomalyKind.REGISTER_BACKWARDS);

    List<MeterReadings> inputs = new ArrayList<>(byMeter.size());
    LocalDate earliestMonth = null;
    for (Map.Entry<MeterSerial, List<RegisterReading>> e : byMeter.entrySet()) {
      List<LinkedReading> linked = new ArrayList<>(e.getValue().size());
      for (RegisterReading r : e.getValue()) {
        ChargedAccount a = links.accountAt(e.getKey(), r.ts()).map(accounts::get).orElse(null);
        linked.add(new LinkedReading(r, a));
        if (a != null) {
          LocalDate month = ChargingRules.billingMonth(r, a.zone());
          earliestMonth =
              earliestMonth == null || month.isBefore(earliestMonth) ? month : earliestMonth;
        }
      }
      inputs.add(
          new MeterReadings(
              e.getKey(), positions.get(e.getKey()), underReview.contains(e.getKey()), linked));
    }
    Map<MonthKey, BigDecimal> monthToDate =
        earliestMonth == null ? Map.of() : MonthlyConsumption.load(c, accountIds, earliestMonth);
    Decisions decisions = new ChargingRules(TariffBook.catalog(c)).decide(inputs, monthToDate);

    AnomalyLog.record(c, decisions.anomaliesToRecord());
    ChargeReport report = decisions.report();
    if (journal != null) {
      List<JournalEntry> entries =
          ChargeSpans.entries(decisions.decisions(), a -> journal.balanceBefore(a.value()));
      for (JournalEntry entry : entries) {
        journal.add(entry);
      }
      report = report.withEntries(journal.flush().size());
    }
    ChargeState.save(c, decisions.positions(), positions.keySet());
    MonthlyConsumption.save(c, decisions.monthToDate(), monthToDate.keySet());
    if (journal == null) {
      return new Applied(report, Map.of());
    }
    List<BalanceChange> changes = journal.changes();
    listener.onBalanceChanges(c, changes);
    return new Applied(report, balancesByMeter(decisions, changes));
  }

  private static Map<String, Long> balancesByMeter(
      Decisions decisions, List<BalanceChange> changes) {
    Map<String, Long> after = new HashMap<>();
    for (BalanceChange ch : changes) {
      after.put(ch.accountId(), ch.afterPaise());
    }
    Map<String, Long> byMeter = new HashMap<>();
    for (ChargeDecision d : decisions.decisions()) {
      if (d instanceof ChargeDecision.Deduction ded) {
        Long balance = after.get(ded.account().value());
        if (balance != null) {
          byMeter.put(ded.reading().meterSerial(), balance);
        }
      }
    }
    return byMeter;
  }

  private static Map<AccountId, ChargedAccount> chargedAccounts(Connection c, Set<AccountId> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, Account> found =
        AccountRegistry.findAll(c, ids.stream().map(AccountId::value).toList());
    Map<String, ZoneId> zones = new HashMap<>();
    Map<AccountId, ChargedAccount> out = new HashMap<>();
    for (Account a : found.values()) {
      ZoneId zone = zones.get(a.utilityId());
      if (zone == null) {
        zone = ZoneId.of(UtilityRegistry.settings(c, a.utilityId()).zone());
        zones.put(a.utilityId(), zone);
      }
      out.put(AccountId.of(a.accountId()), ChargedAccount.of(a, zone));
    }
    return out;
  }
}
