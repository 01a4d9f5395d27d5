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
 * The charging ceiling: N accounts × M rounds through {@link ConsumptionCharger#charge} in batches
 * of about 5,000 readings, as the charging feed hands them over: each round gives every meter
 * {@code readingsPerMeter} consecutive readings, together in one batch (the feed hands over a
 * meter's whole backlog at once). One reading per meter is the feed keeping up; k readings per
 * meter is the feed k intervals behind, whose readings the ledger journals as one entry per meter
 * and day. The first round only sets each meter's baseline and is not timed; every later reading is
 * charged.
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
      int readingsPerMeter,
      int readings,
      int charged,
      int entries,
      double seconds,
      double headEndCpuSeconds,
      double postgresCpuSeconds,
      double walBytes,
      java.util.Map<String, Double> headEndCpuByKind) {
    double readingsPerSecond() {
      return readings / seconds;
    }

    double entriesPerSecond() {
      return entries / seconds;
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
  private final int readingsPerMeter;
  private final DataSource dataSource;
  private final OptionalLong postmaster;

  /** Simulated time of round 0, far enough back for every round of every run to lie in the past. */
  private final Instant t0 =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(STEP.multipliedBy(10_000));

  /** The next reading's interval number, counted from {@link #t0}. */
  private int nextStep;

  /**
   * @param readingsPerMeter consecutive readings of each meter per round, handed over together
   */
  ChargingThroughput(ConsumptionCharger charger, DataSource dataSource, int readingsPerMeter) {
    if (readingsPerMeter < 1) {
      throw new IllegalArgumentException("readings per meter must be at least 1");
    }
    this.charger = charger;
    this.readingsPerMeter = readingsPerMeter;
    this.dataSource = dataSource;
    this.postmaster = ProcessCpu.postmasterPid(dataSource);
  }

  /**
   * Times {@code rounds} rounds of {@code readingsPerMeter} readings per meter. The first call
   * first charges one reading per meter, the baselines (not timed, not counted); later calls go on
   * from where the previous one stopped, so the same accounts can be measured alone and then under
   * load.
   */
  Result run(List<String> meters, int rounds) {
    if (nextStep == 0) {
      chargeRound(meters, 1);
    }
    long wal0 = walPosition();
    long pg0 = postgresCpuMillis();
    long own0 = ownCpuMillis();
    ThreadCpu.Snapshot threads0 = ThreadCpu.now();
    long start = System.nanoTime();
    int charged = 0;
    int entries = 0;
    for (int k = 0; k < rounds; k++) {
      ChargeReport round = chargeRound(meters, readingsPerMeter);
      charged += round.charged();
      entries += round.entries();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long pg1 = postgresCpuMillis();
    return new Result(
        meters.size(),
        readingsPerMeter,
        meters.size() * rounds * readingsPerMeter,
        charged,
        entries,
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

  /** Every meter's next {@code k} readings, a meter's readings never split across batches. */
  private ChargeReport chargeRound(List<String> meters, int k) {
    ChargeReport total = ChargeReport.empty();
    List<RegisterReading> batch = new ArrayList<>(BATCH + k);
    for (String m : meters) {
      if (batch.size() + k > BATCH && !batch.isEmpty()) {
        total = total.plus(charger.charge(batch));
        batch = new ArrayList<>(BATCH + k);
      }
      for (int j = 0; j < k; j++) {
        int step = nextStep + j;
        batch.add(
            new RegisterReading(
                m,
                t0.plus(STEP.multipliedBy(step)),
                BigDecimal.valueOf(1_000_000 + step * WH_PER_STEP)));
      }
    }
    nextStep += k;
    return batch.isEmpty() ? total : total.plus(charger.charge(batch));
  }
}
