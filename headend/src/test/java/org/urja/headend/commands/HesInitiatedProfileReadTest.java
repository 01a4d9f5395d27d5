package org.urja.headend.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.BatchWriter;
import org.urja.ingest.store.BatchWriterConfig;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.Submission;
import org.urja.ingest.store.UnknownMeterPolicy;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.jdlms.JdlmsCosemClient;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.obis.ObisCode;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.ListeningFleet;
import org.urja.simulator.meter.SimulatedMeter;

/** The head-end calls a meter that listens, with jDLMS, and stores its block load profile. */
class HesInitiatedProfileReadTest extends PostgresTestSupport {
  final MeterModel model = MeterModelCatalog.bundled().defaultModel();
  static final Instant START = Instant.parse("2026-11-21T18:30:00Z");

  @Test
  void aBlockLoadProfileReadByRangeOverJdlmsIsStored() throws Exception {
    FleetConfig cfg =
        new FleetConfig(
            1, 0, "LSN", 3L, START, Duration.ofMinutes(15), Duration.ofMillis(20), 16, 4, 100);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ListeningFleet fleet = new ListeningFleet(cfg, model, 1).start("127.0.0.1", 0);
        BatchWriter writer =
            new BatchWriter(
                dataSource(),
                new MeterDirectory(dataSource(), UnknownMeterPolicy.AUTO_REGISTER, registry),
                BatchWriterConfig.defaults(),
                registry)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.stats().finished() == 1);
      SimulatedMeter meter = fleet.meters().get(0);

      // intervals 5..8 of the 16 the meter has captured
      Instant from = START.plus(Duration.ofMinutes(15 * 5));
      Instant to = START.plus(Duration.ofMinutes(15 * 8));
      List<Reading> readings;
      try (JdlmsCosemClient client =
          JdlmsCosemClient.connect(fleet.address(meter), ClientSettings.publicClient())) {
        readings =
            ReadProfile.blockLoad(meter.serial(), from, to, model)
                .execute(client)
                .get(15, TimeUnit.SECONDS);
      }
      writer.submit(new Submission(readings, List.of())).get(15, TimeUnit.SECONDS);

      // four rows, four register columns each (voltage, current, Wh, VAh)
      assertThat(readings).hasSize(16);
      assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(16);
      assertThat(queryLong("SELECT count(DISTINCT ts) FROM readings")).isEqualTo(4);
      assertThat(
              queryLong(
                  "SELECT count(*) FROM readings WHERE ts < '" + from + "' OR ts > '" + to + "'"))
          .isZero();
      long lastWh = fleet.onMeter(meter, () -> meter.profile().range(to, to).get(0).importWh());
      assertThat(readings)
          .filteredOn(
              r -> r.obis().equals(ObisCode.parse("1.0.1.8.0.255")) && r.timestamp().equals(to))
          .singleElement()
          .satisfies(r -> assertThat(r.value().longValueExact()).isEqualTo(lastWh));
    }
  }
}
