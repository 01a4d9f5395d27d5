package org.urja.headend.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.urja.ledger.charging.ChargeReport;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.charging.RegisterReading;

/**
 * The charging ceiling: N accounts × M readings through {@link ConsumptionCharger#charge} in
 * batches of 5,000, as the charging feed hands them over, one reading per meter per round (the
 * order the live feed sees). The first round only sets each meter's baseline and is not timed;
 * every later reading is charged and journalled.
 *
 * <p>Besides the rate it reports what each reading cost: CPU of this JVM and of the PostgreSQL
 * server (postmaster and backends), and WAL bytes written. On a shared machine the rate follows the
 * other processes' load; CPU time and WAL volume per reading barely do, so before/after comparisons
 * of the charger's database work read those.
 */
final class ChargingThroughput {
  /** What the timed rounds did. */
  record Result(
      int accounts,
      int readings,
      int charged,
      double seconds,
      double headEndCpuSeconds,
      double postgresCpuSeconds,
      double walBytes,
      java.util.Map<String, Double> headEndCpuByKind) {
    double readingsPerSecond() {
      return readings / seconds;
    }

    double entriesPerSecond() {
      return charged / seconds;
    }

    double headEndMicrosPerReading() {
      return headEndCpuSeconds * 1e6 / readings;
    }

    double postgresMicrosPerReading() {
      return postgresCpuSeconds * 1e6 / readings;
    }

    double walBytesPerReading() {
      return walBytes / readings;
    }

    /**
     * The head-end's CPU µs per reading on one kind of thread ({@link ThreadCpu#kindOf}): {@code
     * main} (the charging code, called on the bench's thread), {@code jit}, {@code gc}, {@code
     * other}.
     */
    double headEndMicrosPerReading(String kind) {
      return headEndCpuByKind.getOrDefault(kind, 0.0) * 1e6 / readings;
    }
  }

  private static final int BATCH = 5_000;
  private static final Duration STEP = Duration.ofMinutes(15);

  /** 0.5 kWh per 15 minutes: 400 paise a reading at the flat tariff. */
  private static final long WH_PER_STEP = 500;

  private final ConsumptionCharger charger;
  private final DataSource dataSource;
  private final OptionalLong postmaster;

  /** Simulated time of round 0, far enough back for every round of every run to lie in the past. */
  private final Instant t0 =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(STEP.multipliedBy(10_000));

  private int nextRound;

  ChargingThroughput(ConsumptionCharger charger, DataSource dataSource) {
    this.charger = charger;
    this.dataSource = dataSource;
    this.postmaster = ProcessCpu.postmasterPid(dataSource);
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
    long wal0 = walPosition();
    long pg0 = postgresCpuMillis();
    long own0 = ownCpuMillis();
    ThreadCpu.Snapshot threads0 = ThreadCpu.now();
    long start = System.nanoTime();
    int charged = 0;
    for (int k = 0; k < rounds; k++) {
      charged += chargeRound(meters, t0, nextRound++).charged();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long pg1 = postgresCpuMillis();
    return new Result(
        meters.size(),
        meters.size() * rounds,
        charged,
        seconds,
        (ownCpuMillis() - own0) / 1000.0,
        pg0 < 0 || pg1 < 0 ? Double.NaN : (pg1 - pg0) / 1000.0,
        walPosition() - wal0,
        ThreadCpu.now().secondsSince(threads0));
  }

  private long postgresCpuMillis() {
    return postmaster.isPresent() ? ProcessCpu.millis(postmaster.getAsLong()).orElse(-1) : -1;
  }

  private static long ownCpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1_000_000;
  }

  /** Bytes of WAL written so far (PostgreSQL's insert position). */
  private long walPosition() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the WAL position: " + e.getMessage(), e);
    }
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
