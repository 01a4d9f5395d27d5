package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ingest.store.StoreFixtures.NOON;
import static org.urja.ingest.store.StoreFixtures.energy;
import static org.urja.ingest.store.StoreFixtures.voltage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;

/**
 * Readings that cannot be true are kept aside for an operator, never stored and never handed to
 * money.
 */
class SuspectReadingsTest extends PostgresTestSupport {
  SimpleMeterRegistry registry;
  final List<Reading> heardByCharging = new CopyOnWriteArrayList<>();
  MeterDirectory directory;
  BatchWriter writer;

  @BeforeEach
  void start() {
    heardByCharging.clear();
    registry = new SimpleMeterRegistry();
    truncate(
        "readings",
        "meter_events",
        "meters",
        "unknown_meter_readings",
        "unknown_meter_events",
        "suspect_readings");
    directory = new MeterDirectory(dataSource(), UnknownMeterPolicy.QUARANTINE, registry);
    writer =
        new BatchWriter(
            dataSource(),
            directory,
            BatchWriterConfig.defaults().withBatch(1_000, Duration.ofMillis(5)),
            registry);
    writer.addCommitListener(heardByCharging::addAll);
  }

  @AfterEach
  void stop() {
    writer.close();
  }

  WriteResult write(Reading... readings) throws Exception {
    return writer.submit(Submission.ofReadings(List.of(readings))).get(30, TimeUnit.SECONDS);
  }

  long stored(String serial) {
    return queryLong(
        "SELECT count(*) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE m.serial = '"
            + serial
            + "'");
  }

  @Test
  void aReadingFromFarInTheFutureIsHeldNotStoredAndNotCharged() throws Exception {
    directory.register("SPOOFED1", "TESTCO", null);
    Instant in2099 = Instant.parse("2099-01-01T00:00:00Z");

    WriteResult r = write(energy("SPOOFED1", NOON, "1000"), energy("SPOOFED1", in2099, "1001000"));

    assertThat(r.readingsInserted()).isEqualTo(1);
    assertThat(r.suspect()).isEqualTo(1);
    assertThat(stored("SPOOFED1")).isEqualTo(1);
    assertThat(heardByCharging).extracting(Reading::timestamp).containsExactly(NOON);
    List<SuspectReadings.Held> held = directory.suspects().list("SPOOFED1", null, "held", 10, 0);
    assertThat(held)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.reason()).isEqualTo("future");
              assertThat(h.ts()).isEqualTo(in2099);
              assertThat(h.value()).isEqualByComparingTo("1001000");
            });
    assertThat(
            registry.find("urja.ingest.readings.suspect").tag("reason", "future").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aReadingWithinTheClockToleranceIsStored() throws Exception {
    directory.register("CLOCKOK1", "TESTCO", null);

    write(energy("CLOCKOK1", Instant.now().plus(Duration.ofMinutes(5)), "7"));

    assertThat(stored("CLOCKOK1")).isEqualTo(1);
    assertThat(directory.suspects().countHeld()).isZero();
  }

  @Test
  void aReadingFromBeforeTheMetersInstallationIsHeld() throws Exception {
    directory.register("INSTALL1", "TESTCO", null, NOON);

    write(
        voltage("INSTALL1", NOON.minusSeconds(900), "230"),
        voltage("INSTALL1", NOON.plusSeconds(900), "231"));

    assertThat(stored("INSTALL1")).isEqualTo(1);
    assertThat(directory.suspects().list("INSTALL1", null, null, 10, 0))
        .singleElement()
        .satisfies(h -> assertThat(h.reason()).isEqualTo("before_installation"));
  }

  @Test
  void anInstallationTimeSetLaterAppliesToTheNextBatch() throws Exception {
    directory.register("INSTALL2", "TESTCO", null);
    write(voltage("INSTALL2", NOON.minusSeconds(1800), "230"));

    assertThat(directory.installed("INSTALL2", NOON))
        .hasValueSatisfying(m -> assertThat(m.installedAt()).isEqualTo(NOON));
    write(voltage("INSTALL2", NOON.minusSeconds(900), "229"));

    assertThat(stored("INSTALL2")).isEqualTo(1);
    assertThat(directory.suspects().countHeld()).isEqualTo(1);
  }

  @Test
  void aRegisterGoingBackwardsIsHeldAndTheNextGenuineReadingIsStored() throws Exception {
    directory.register("BACKWARD", "TESTCO", null);
    write(energy("BACKWARD", NOON, "5000"));
    heardByCharging.clear();
    registry = new SimpleMeterRegistry();

    WriteResult back = write(energy("BACKWARD", NOON.plusSeconds(900), "4000"));
    WriteResult next = write(energy("BACKWARD", NOON.plusSeconds(1800), "5010"));

    assertThat(back.suspect()).isEqualTo(1);
    assertThat(back.readingsInserted()).isZero();
    assertThat(next.readingsInserted()).isEqualTo(1);
    assertThat(heardByCharging).extracting(Reading::value).containsExactly(new BigDecimal("5010"));
    assertThat(directory.suspects().list("BACKWARD", null, "held", 10, 0))
        .singleElement()
        .satisfies(h -> assertThat(h.reason()).isEqualTo("register_backwards"));
  }

  @Test
  void aRegisterIsComparedWithWhatIsAlreadyInTheDatabase() throws Exception {
    directory.register("WARMED01", "TESTCO", null);
    write(energy("WARMED01", NOON, "9000"));
    // a new node (or a restart) knows nothing in memory: the first batch reads the latest value
    MeterDirectory fresh =
        new MeterDirectory(dataSource(), UnknownMeterPolicy.QUARANTINE, registry);
    try (BatchWriter other =
        new BatchWriter(dataSource(), fresh, BatchWriterConfig.defaults(), registry)) {
      WriteResult r =
          other
              .submit(
                  Submission.ofReadings(List.of(energy("WARMED01", NOON.plusSeconds(900), "10"))))
              .get(30, TimeUnit.SECONDS);
      assertThat(r.suspect()).isEqualTo(1);
    }
    assertThat(stored("WARMED01")).isEqualTo(1);
  }

  @Test
  void aNegativeEnergyRegisterIsHeld() throws Exception {
    directory.register("NEGATIVE", "TESTCO", null);

    assertThat(write(energy("NEGATIVE", NOON, "-1000")).suspect()).isEqualTo(1);

    assertThat(stored("NEGATIVE")).isZero();
  }

  @Test
  void aReleasedReadingIsStoredAndHandedOnExactlyOnce() throws Exception {
    directory.register("RELEASE1", "TESTCO", null);
    write(energy("RELEASE1", NOON, "5000"), energy("RELEASE1", NOON.plusSeconds(900), "100"));
    long id = directory.suspects().list("RELEASE1", null, "held", 10, 0).get(0).id();

    var first = directory.suspects().release(id, "operator:asha");
    var again = directory.suspects().release(id, "operator:asha");

    assertThat(first)
        .hasValueSatisfying(
            r -> {
              assertThat(r.stored())
                  .hasValueSatisfying(
                      reading -> assertThat(reading.value()).isEqualByComparingTo("100"));
              assertThat(r.held().status()).isEqualTo("released");
              assertThat(r.held().decidedBy()).isEqualTo("operator:asha");
            });
    assertThat(again).isEmpty();
    assertThat(stored("RELEASE1")).isEqualTo(2);
    // a meter replaced or reset: once released, its lower register is the one later readings follow
    assertThat(write(energy("RELEASE1", NOON.plusSeconds(1800), "110")).readingsInserted())
        .isEqualTo(1);
  }

  @Test
  void aDiscardedReadingIsNeverStoredAndCannotBeReleasedAfterwards() throws Exception {
    directory.register("DISCARD1", "TESTCO", null);
    write(energy("DISCARD1", Instant.parse("2099-01-01T00:00:00Z"), "1"));
    long id = directory.suspects().list("DISCARD1", null, "held", 10, 0).get(0).id();

    assertThat(directory.suspects().discard(id, "operator:ravi"))
        .hasValueSatisfying(h -> assertThat(h.status()).isEqualTo("discarded"));

    assertThat(directory.suspects().release(id, "operator:ravi")).isEmpty();
    assertThat(stored("DISCARD1")).isZero();
  }

  @Test
  void theSameSuspectReadingSentAgainIsHeldOnce() throws Exception {
    directory.register("REPEAT01", "TESTCO", null);
    Instant in2099 = Instant.parse("2099-01-01T00:00:00Z");

    write(energy("REPEAT01", in2099, "1"));
    write(energy("REPEAT01", in2099, "1"));

    assertThat(directory.suspects().countHeld()).isEqualTo(1);
  }

  @Test
  void registeringAnUnknownMeterHoldsItsImpossibleQuarantinedReadingsInsteadOfStoringThem()
      throws Exception {
    WriteResult kept =
        write(
            energy("LATECOME", NOON, "100"),
            energy("LATECOME", Instant.parse("2099-01-01T00:00:00Z"), "9"),
            energy("LATECOME", NOON.minusSeconds(86_400), "90"));
    assertThat(kept.quarantined()).isEqualTo(3);

    directory.register("LATECOME", "TESTCO", null, NOON.minusSeconds(3_600));

    assertThat(stored("LATECOME")).isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM unknown_meter_readings")).isZero();
    assertThat(directory.suspects().list("LATECOME", null, "held", 10, 0))
        .extracting(SuspectReadings.Held::reason)
        .containsExactlyInAnyOrder("future", "before_installation");
  }

  @Test
  void invalidSerialsAreRefusedNeverRegisteredNorQuarantined() throws Exception {
    MeterDirectory open =
        new MeterDirectory(dataSource(), UnknownMeterPolicy.AUTO_REGISTER, registry);
    try (BatchWriter w =
        new BatchWriter(dataSource(), open, BatchWriterConfig.defaults(), registry)) {
      for (String serial :
          List.of("..", ".", "x".repeat(5_000), "M1'; DROP TABLE meters; --", "")) {
        WriteResult r =
            w.submit(Submission.ofReadings(List.of(energy(serial, NOON, "1"))))
                .get(30, TimeUnit.SECONDS);
        assertThat(r.refused()).as(serial).isEqualTo(1);
      }
    }
    assertThat(queryLong("SELECT count(*) FROM meters")).isZero();
    assertThat(queryLong("SELECT count(*) FROM unknown_meter_readings")).isZero();
    assertThat(registry.find("urja.ingest.serials.refused").counter().count()).isEqualTo(5);
  }
}
