package org.urja.headend.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.urja.ledger.charging.ChargeReport;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.charging.RegisterReading;

/**
 * The charging ceiling: N accounts × M readings through {@link ConsumptionCharger#charge} in
 * batches of 5,000, as the charging feed hands them over, one reading per meter per round (the
 * order the live feed sees). The first round only sets each meter's baseline and is not timed;
 * every later reading is charged and journalled.
 */
final class ChargingThroughput {
  /** What the timed rounds did. */
  record Result(int accounts, int readings, int charged, double seconds) {
    double readingsPerSecond() {
      return readings / seconds;
    }

    double entriesPerSecond() {
      return charged / seconds;
    }
  }

  private static final int BATCH = 5_000;
  private static final Duration STEP = Duration.ofMinutes(15);

  /** 0.5 kWh per 15 minutes: 400 paise a reading at the flat tariff. */
  private static final long WH_PER_STEP = 500;

  private final ConsumptionCharger charger;

  /** Simulated time of round 0, far enough back for every round of every run to lie in the past. */
  private final Instant t0 =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(STEP.multipliedBy(10_000));

  private int nextRound;

  ChargingThroughput(ConsumptionCharger charger) {
    this.charger = charger;
  }

  /**
   * Times {@code rounds} rounds of one reading per meter. The first call's first round only sets
   * the baselines (not timed, not counted); later calls go on from where the previous one stopped,
   * so the same accounts can be measured alone and then under load.
   */
  Result run(List<String> meters, int rounds) {
    if (nextRound == 0) {
      chargeRound(meters, t0, nextRound++);
    }
    long start = System.nanoTime();
    int charged = 0;
    for (int k = 0; k < rounds; k++) {
      charged += chargeRound(meters, t0, nextRound++).charged();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(meters.size(), meters.size() * rounds, charged, seconds);
  }

  private ChargeReport chargeRound(List<String> meters, Instant t0, int k) {
    Instant ts = t0.plus(STEP.multipliedBy(k));
    BigDecimal wh = BigDecimal.valueOf(1_000_000 + k * WH_PER_STEP);
    ChargeReport total = ChargeReport.empty();
    List<RegisterReading> batch = new ArrayList<>(BATCH);
    for (String m : meters) {
      batch.add(new RegisterReading(m, ts, wh));
      if (batch.size() == BATCH) {
        total = total.plus(charger.charge(batch));
        batch = new ArrayList<>(BATCH);
      }
    }
    return batch.isEmpty() ? total : total.plus(charger.charge(batch));
  }
}
