package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ingest.store.StoreFixtures.NOON;
import static org.urja.ingest.store.StoreFixtures.energy;
import static org.urja.ingest.store.StoreFixtures.powerFailure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;

class MeterDirectoryTest extends PostgresTestSupport {

  @BeforeEach
  void emptyTables() {
    truncate(
        "readings", "meter_events", "meters", "unknown_meter_readings", "unknown_meter_events");
  }

  private MeterDirectory directory(UnknownMeterPolicy policy) {
    return new MeterDirectory(dataSource(), policy, new SimpleMeterRegistry());
  }

  private BatchWriter writer(MeterDirectory directory) {
    return new BatchWriter(
        dataSource(),
        directory,
        BatchWriterConfig.defaults().withBatch(1_000, Duration.ofMillis(5)),
        new SimpleMeterRegistry());
  }

  @Test
  void anUnknownMeterIsAutoRegisteredOnFirstReading() throws Exception {
    MeterDirectory directory = directory(UnknownMeterPolicy.AUTO_REGISTER);
    try (BatchWriter writer = writer(directory)) {
      WriteResult result =
          writer
              .submit(Submission.ofReadings(List.of(energy("NEW-1", NOON, "5"))))
              .get(30, TimeUnit.SECONDS);
      assertThat(result.readingsInserted()).isEqualTo(1);
    }

    assertThat(directory.find("NEW-1"))
        .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MeterStatus.AUTO_REGISTERED));
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(1);
  }

  @Test
  void underQuarantineAnUnknownMetersReadingsAreKeptAndTheMeterIsNotRegistered() throws Exception {
    MeterDirectory directory = directory(UnknownMeterPolicy.QUARANTINE);
    try (BatchWriter writer = writer(directory)) {
      WriteResult result =
          writer
              .submit(
                  new Submission(
                      List.of(
                          energy("STRANGER", NOON, "5"),
                          energy("STRANGER", NOON.plusSeconds(900), "6")),
                      List.of(powerFailure("STRANGER", NOON))))
              .get(30, TimeUnit.SECONDS);
      assertThat(result.quarantined()).isEqualTo(3);
      assertThat(result.readingsInserted()).isZero();
    }

    assertThat(directory.find("STRANGER")).isEmpty();
    assertThat(
            queryLong(
                "SELECT count(*) FROM unknown_meter_readings WHERE meter_serial = 'STRANGER'"))
        .isEqualTo(2);
    assertThat(queryLong("SELECT count(*) FROM unknown_meter_events")).isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM readings")).isZero();
  }

  @Test
  void registeringAQuarantinedMeterReleasesItsReadings() throws Exception {
    MeterDirectory directory = directory(UnknownMeterPolicy.QUARANTINE);
    try (BatchWriter writer = writer(directory)) {
      writer
          .submit(
              new Submission(
                  List.of(energy("LATE-1", NOON, "5")), List.of(powerFailure("LATE-1", NOON))))
          .get(30, TimeUnit.SECONDS);

      Meter meter = directory.register("LATE-1", "UPPCL", "SM-1P");
      assertThat(meter.status()).isEqualTo(MeterStatus.REGISTERED);
      assertThat(queryLong("SELECT count(*) FROM readings WHERE meter_id = " + meter.id()))
          .isEqualTo(1);
      assertThat(queryLong("SELECT count(*) FROM meter_events WHERE meter_id = " + meter.id()))
          .isEqualTo(1);
      assertThat(queryLong("SELECT count(*) FROM unknown_meter_readings")).isZero();

      WriteResult next =
          writer
              .submit(Submission.ofReadings(List.of(energy("LATE-1", NOON.plusSeconds(900), "6"))))
              .get(30, TimeUnit.SECONDS);
      assertThat(next.readingsInserted()).isEqualTo(1);
    }
  }

  @Test
  void resolvesABatchOfSerialsAndLeavesUnknownOnesOutUnderQuarantine() throws Exception {
    MeterDirectory directory = directory(UnknownMeterPolicy.QUARANTINE);
    Meter a = directory.register("A", "UPPCL", "SM-1P");
    Meter b = directory.register("B", "UPPCL", "SM-3P");

    Map<String, Long> ids = directory.resolveAll(Set.of("A", "B", "C"));

    assertThat(ids).containsOnly(Map.entry("A", a.id()), Map.entry("B", b.id()));
    assertThat(directory.list()).extracting(Meter::serial).containsExactly("A", "B");
  }

  @Test
  void sightingsUpdateLastSeenInOneFlush() throws Exception {
    MeterDirectory directory = directory(UnknownMeterPolicy.QUARANTINE);
    directory.register("SEEN", "UPPCL", "SM-1P");
    directory.touch("SEEN", "10.1.2.3:40001", "tcp");
    directory.touch("SEEN", "10.1.2.4:40002", "tcp");

    assertThat(directory.flushSightings()).isEqualTo(1);

    Meter seen = directory.find("SEEN").orElseThrow();
    assertThat(seen.remoteAddress()).isEqualTo("10.1.2.4:40002");
    assertThat(seen.transport()).isEqualTo("tcp");
    assertThat(seen.lastSeen()).isNotNull();
    assertThat(seen.firstSeen()).isNotNull();
    assertThat(directory.flushSightings()).isZero();
  }

  @Test
  void quarantinedReadingsOfAMeterRegisteredElsewhereAreReleasedBySweep() throws Exception {
    MeterDirectory directory = directory(UnknownMeterPolicy.QUARANTINE);
    try (BatchWriter writer = writer(directory)) {
      writer
          .submit(Submission.ofReadings(List.of(energy("ELSEWHERE", NOON, "9"))))
          .get(30, TimeUnit.SECONDS);
    }
    execute(
        "INSERT INTO meters (serial, status) VALUES ('ELSEWHERE', 'registered')"); // another node

    assertThat(directory.releaseRegistered()).isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM unknown_meter_readings")).isZero();
  }
}
