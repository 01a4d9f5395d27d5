package org.urja.headend.prepaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.app.NodeSettings;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PartitionMaintainer;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.ReadingChecks;
import org.urja.ingest.store.Submission;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.PaymentMode;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.charging.RegisterReading;
import org.urja.ledger.tariff.Rebate;
import org.urja.ledger.tariff.Slab;
import org.urja.ledger.tariff.Tariff;
import org.urja.protocol.cosem.CosemObjects;

/**
 * Readings stored while the live feed was not charging (a crash between commit and charge) are
 * charged by the catch-up, which asks the ledger and ingest through their query APIs.
 */
class ChargeCatchUpTest extends PostgresTestSupport {
  static final String METER = "CUP00000001";
  static final String ACCOUNT = "ACC-CUP-1";
  static final Instant T0 = Instant.parse("2026-05-10T00:00:00Z");

  final Clock clock = Clock.systemUTC();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  PrepaidEngine prepaid;
  BatchWriter writer;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg = UrjaConfig.defaults();
    HeadEnd.migrate(dataSource(), cfg);
    new PartitionMaintainer(dataSource(), 30, 7, clock).ensurePartitions();
    prepaid =
        new PrepaidEngine(
            dataSource(), NodeSettings.prepaidEngine(cfg), registry, clock, List.of());
    prepaid.utilities().register("CUPCO", "Catch-up Discom", UtilitySettings.defaults());
    prepaid
        .tariffs()
        .save(
            new Tariff(
                "CUPCO",
                "LMV-1",
                LocalDate.parse("2020-01-01"),
                List.of(new Slab(null, new BigDecimal("800"))),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                List.of(),
                Rebate.none()));
    prepaid
        .accounts()
        .open(
            new Account(
                ACCOUNT,
                "CUPCO",
                "Asha Devi",
                "+919800000001",
                "en",
                PaymentMode.PREPAID,
                "LMV-1",
                new BigDecimal("2"),
                Instant.parse("2020-01-01T00:00:00Z")),
            METER);
    // no commit listener: what the writer stores never reaches the live feed
    writer =
        new BatchWriter(
            dataSource(),
            new MeterDirectory(
                dataSource(),
                UnknownMeterPolicy.AUTO_REGISTER,
                registry,
                new ReadingChecks(clock, Duration.ofDays(3650), registry)),
            BatchWriterConfig.defaults(),
            registry);
  }

  @AfterAll
  void stop() throws Exception {
    writer.close();
    prepaid.close();
  }

  @Test
  void storedReadingsTheFeedNeverChargedAreChargedOnceByTheCatchUp() throws Exception {
    prepaid
        .charger()
        .charge(List.of(new RegisterReading(METER, T0, new BigDecimal("1000")))); // the baseline
    writer
        .submit(
            Submission.ofReadings(
                List.of(
                    energy(T0.plusSeconds(900), "3000", "Wh"),
                    energy(T0.plusSeconds(1800), "6000", "Wh"),
                    new Reading(
                        METER,
                        CosemObjects.VOLTAGE_L1.obis(),
                        T0.plusSeconds(2700),
                        new BigDecimal("230"),
                        "V"))))
        .get();

    assertThat(prepaid.catchUp().run(100)).isEqualTo(1);
    // the newest stored value is charged for the whole delta: 5 kWh at ₹8
    assertThat(prepaid.queries().balancePaise(ACCOUNT)).isEqualTo(-4000);

    assertThat(prepaid.catchUp().run(100)).isZero();
    assertThat(prepaid.queries().balancePaise(ACCOUNT)).isEqualTo(-4000);
  }

  static Reading energy(Instant ts, String wh, String unit) {
    return new Reading(
        METER, CosemObjects.ACTIVE_ENERGY_IMPORT.obis(), ts, new BigDecimal(wh), unit);
  }
}
