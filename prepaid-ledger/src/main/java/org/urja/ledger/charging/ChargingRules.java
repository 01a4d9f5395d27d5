package org.urja.ledger.charging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.account.AccountId;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.charging.ChargeDecision.Anomaly;
import org.urja.ledger.charging.ChargeDecision.Baseline;
import org.urja.ledger.charging.ChargeDecision.Deduction;
import org.urja.ledger.charging.ChargeDecision.RecordedOnly;
import org.urja.ledger.charging.ChargeDecision.Stale;
import org.urja.ledger.charging.ChargeDecision.Unlinked;
import org.urja.ledger.money.Money;
import org.urja.ledger.tariff.ChargeLines;
import org.urja.ledger.tariff.Tariff;
import org.urja.ledger.tariff.TariffCalculator;
import org.urja.ledger.tariff.TariffCatalog;

/**
 * The charging rules as a pure function: from each meter's charge position and readings, the
 * accounts they serve, the tariffs and the month-to-date consumption, to one {@link ChargeDecision}
 * per reading, the meters' new positions and the new month-to-date figures. No database, no clock:
 * {@link ConsumptionCharger} loads the inputs and applies the result.
 *
 * <ul>
 *   <li>A meter's readings are taken in time order, whatever order they arrived in.
 *   <li>The first reading of a meter for an account is its baseline.
 *   <li>A reading at or before the last charged time is stale and ignored.
 *   <li>A lower register value than the last charged one goes to review ({@code
 *       register_backwards}, recorded once while it stays open) and charges nothing; the position
 *       stays put.
 *   <li>Otherwise the whole delta since the last charged value is consumption, however long the
 *       gap: recorded only for a postpaid account or a zero delta; charged by the tariff in force
 *       on the reading's local day, at the account's slab position in its billing month, for a
 *       prepaid one.
 *   <li>No tariff in force: review ({@code no_tariff}), position kept, so the delta is charged
 *       later.
 *   <li>Money is decided per reading, whatever the batch: a meter's backlog charged in one batch
 *       costs the same paise as its readings charged one at a time. {@link ChargeSpans} then
 *       journals a meter's consecutive deductions of one day together.
 * </ul>
 */
public final class ChargingRules {

  private static final BigDecimal WH_PER_KWH = BigDecimal.valueOf(1000);

  /** One reading and the account its meter served at the reading's time (null: none). */
  public record LinkedReading(RegisterReading reading, ChargedAccount account) {}

  /**
   * One meter's side of a batch.
   *
   * @param last its charge position before the batch (null: never charged)
   * @param backwardsUnderReview an unresolved {@code register_backwards} review item exists for it
   */
  public record MeterReadings(
      MeterSerial meter,
      ChargePosition last,
      boolean backwardsUnderReview,
      List<LinkedReading> readings) {}

  /**
   * An account's consumption in one billing month (first day of the month, in the utility's zone).
   */
  public record MonthKey(AccountId account, LocalDate month) {}

  /**
   * What the rules decided for a batch.
   *
   * @param decisions one per reading, meter by meter, each meter's in time order
   * @param positions the new positions of the meters whose position moved
   * @param monthToDate the new month-to-date kWh of the (account, month) pairs that changed
   */
  public record Decisions(
      List<ChargeDecision> decisions,
      Map<MeterSerial, ChargePosition> positions,
      Map<MonthKey, BigDecimal> monthToDate) {

    public List<Anomaly> anomaliesToRecord() {
      List<Anomaly> out = new ArrayList<>();
      for (ChargeDecision d : decisions) {
        if (d instanceof Anomaly a && a.toRecord()) {
          out.add(a);
        }
      }
      return out;
    }

    /**
     * The outcomes per reading; {@code entries} is 0 here, since how the deductions are journalled
     * is decided by {@link ChargeSpans} (the charger fills it in).
     */
    public ChargeReport report() {
      int charged = 0;
      int stale = 0;
      int baselines = 0;
      int recordedOnly = 0;
      int anomalies = 0;
      int unlinked = 0;
      Money deducted = Money.ZERO;
      for (ChargeDecision d : decisions) {
        if (d instanceof Deduction ded) {
          charged++;
          deducted = deducted.plus(ded.amount());
        } else if (d instanceof Stale) {
          stale++;
        } else if (d instanceof Baseline) {
          baselines++;
        } else if (d instanceof RecordedOnly) {
          recordedOnly++;
        } else if (d instanceof Anomaly) {
          anomalies++;
        } else if (d instanceof Unlinked) {
          unlinked++;
        }
      }
      return new ChargeReport(
          charged, stale, baselines, recordedOnly, anomalies, unlinked, deducted.paise(), 0);
    }
  }

  private final TariffCatalog tariffs;

  public ChargingRules(TariffCatalog tariffs) {
    this.tariffs = tariffs;
  }

  /**
   * Decides a batch. Meters are taken in the given order; an account served by two meters in one
   * batch (a meter replaced) sees the slab position the first meter's readings left.
   *
   * @param monthToDate month-to-date kWh before the batch, for at least the batch's accounts and
   *     months (missing pairs count as zero); not modified
   */
  public Decisions decide(List<MeterReadings> meters, Map<MonthKey, BigDecimal> monthToDate) {
    Run run = new Run(monthToDate);
    for (MeterReadings m : meters) {
      run.meter(m);
    }
    return new Decisions(List.copyOf(run.decisions), run.positions, run.changedMonths);
  }

  /** The working state of one {@link #decide} call. */
  private final class Run {
    private final Map<MonthKey, BigDecimal> before;
    private final Map<MonthKey, BigDecimal> changedMonths = new HashMap<>();
    private final Map<MeterSerial, ChargePosition> positions = new LinkedHashMap<>();
    private final List<ChargeDecision> decisions = new ArrayList<>();

    Run(Map<MonthKey, BigDecimal> before) {
      this.before = before;
    }

    void meter(MeterReadings m) {
      List<LinkedReading> ordered = new ArrayList<>(m.readings());
      ordered.sort(Comparator.comparing(l -> l.reading().ts()));
      ChargePosition last = m.last();
      boolean underReview = m.backwardsUnderReview();
      for (LinkedReading l : ordered) {
        ChargeDecision d = one(m.meter(), l, last, underReview);
        decisions.add(d);
        if (d instanceof Anomaly a && a.kind() == AnomalyKind.REGISTER_BACKWARDS) {
          underReview = true;
        }
        ChargePosition next = advancesTo(d, l);
        if (next != null) {
          last = next;
          positions.put(m.meter(), next);
        }
      }
    }

    private ChargeDecision one(
        MeterSerial meter, LinkedReading l, ChargePosition last, boolean underReview) {
      RegisterReading r = l.reading();
      ChargedAccount account = l.account();
      if (account == null) {
        return new Unlinked(r);
      }
      if (last == null || !last.account().equals(account.id())) {
        return new Baseline(r, account.id());
      }
      if (!r.ts().isAfter(last.ts())) {
        return new Stale(r, account.id());
      }
      if (r.wh().compareTo(last.wh()) < 0) {
        return new Anomaly(r, account.id(), AnomalyKind.REGISTER_BACKWARDS, last, !underReview);
      }
      BigDecimal kwh = r.wh().subtract(last.wh()).divide(WH_PER_KWH);
      LocalDate month = billingMonth(r, account.zone());
      if (!account.prepaid() || kwh.signum() == 0) {
        return recorded(r, account.id(), kwh, month);
      }
      LocalDate day = r.ts().atZone(account.zone()).toLocalDate();
      Optional<Tariff> tariff = tariffs.inForce(account.utilityId(), account.tariffCode(), day);
      if (tariff.isEmpty()) {
        return new Anomaly(r, account.id(), AnomalyKind.NO_TARIFF, last, true);
      }
      MonthKey key = new MonthKey(account.id(), month);
      ChargeLines lines =
          new TariffCalculator(account.zone())
              .energy(tariff.get(), monthToDate(key), kwh, last.ts(), r.ts(), true);
      if (lines.totalPaise() == 0) {
        return recorded(r, account.id(), kwh, month);
      }
      addMonth(key, kwh);
      return new Deduction(r, account.id(), kwh, month, day, tariff.get().code(), last, lines);
    }

    private RecordedOnly recorded(
        RegisterReading r, AccountId account, BigDecimal kwh, LocalDate month) {
      addMonth(new MonthKey(account, month), kwh);
      return new RecordedOnly(r, account, kwh, month);
    }

    /** The position a decision leaves the meter at, or null when it stays where it was. */
    private ChargePosition advancesTo(ChargeDecision d, LinkedReading l) {
      if (d instanceof Baseline || d instanceof RecordedOnly || d instanceof Deduction) {
        return new ChargePosition(l.account().id(), l.reading().wh(), l.reading().ts());
      }
      return null;
    }

    private BigDecimal monthToDate(MonthKey key) {
      BigDecimal changed = changedMonths.get(key);
      return changed != null ? changed : before.getOrDefault(key, BigDecimal.ZERO);
    }

    private void addMonth(MonthKey key, BigDecimal kwh) {
      changedMonths.put(key, monthToDate(key).add(kwh));
    }
  }

  /** The first day of the reading's billing month in the account's zone. */
  static LocalDate billingMonth(RegisterReading r, ZoneId zone) {
    return r.ts().atZone(zone).toLocalDate().withDayOfMonth(1);
  }
}
