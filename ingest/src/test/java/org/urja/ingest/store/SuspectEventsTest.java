package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ingest.store.StoreFixtures.NOON;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.MeterEvent;

/**
 * An event whose date cannot be true is kept aside for an operator like such a reading: never
 * stored in meter_events and never handed to what acts on events (a payment-mode switch).
 */
class SuspectEventsTest extends PostgresTestSupport {
  static final int SWITCHED_TO_POSTPAID = 211;

  SimpleMeterRegistry registry;
  final List<MeterEvent> heardByListeners = new CopyOnWriteArrayList<>();
  MeterDirectory directory;
  BatchWriter writer;
  SuspectEvents suspects;

  @BeforeEach
  void start() {
    heardByListeners.clear();
    registry = new SimpleMeterRegistry();
    truncate(
        "readings",
        "meter_events",
        "meters",
        "unknown_meter_readings",
        "unknown_meter_events",
        "suspect_events");
    directory = new MeterDirectory(dataSource(), UnknownMeterPolicy.QUARANTINE, registry);
    writer =
        new BatchWriter(
            dataSource(),
            directory,
            BatchWriterConfig.defaults().withBatch(1_000, Duration.ofMillis(5)),
            registry);
    writer.addLiveEventListener(heardByListeners::addAll);
    suspects = new SuspectEvents(dataSource());
  }

  @AfterEach
  void stop() {
    writer.close();
  }

  WriteResult write(MeterEvent... events) throws Exception {
    // as a push delivers them: its new, unsuspected events go to the live event listeners
    return writer.submit(List.of(), List.of(events)).get(30, TimeUnit.SECONDS);
  }

  long stored(String serial) {
    return queryLong(
        "SELECT count(*) FROM meter_events e JOIN meters m ON m.id = e.meter_id WHERE m.serial = '"
            + serial
            + "'");
  }

  @Test
  void aModeSwitchDatedFarInTheFutureIsHeldNotStoredAndNotActedOn() throws Exception {
    directory.register("SPOOFED2", "TESTCO", null);
    MeterEvent genuine = new MeterEvent("SPOOFED2", 101, NOON, "push");
    MeterEvent spoofed =
        new MeterEvent(
            "SPOOFED2", SWITCHED_TO_POSTPAID, Instant.parse("2099-01-01T00:00:00Z"), "push");

    WriteResult r = write(genuine, spoofed);

    assertThat(r.eventsInserted()).isEqualTo(1);
    assertThat(r.suspect()).isEqualTo(1);
    assertThat(stored("SPOOFED2")).isEqualTo(1);
    assertThat(heardByListeners).containsExactly(genuine);
    assertThat(suspects.list("SPOOFED2", null, "held", 10, 0))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.code()).isEqualTo(SWITCHED_TO_POSTPAID);
              assertThat(h.reason()).isEqualTo("future");
              assertThat(h.detail()).contains("ahead of the head-end's clock");
            });
    assertThat(registry.counter("urja.ingest.events.suspect", "reason", "future").count())
        .isEqualTo(1);
  }

  @Test
  void anEventFromBeforeTheMetersInstallationIsHeld() throws Exception {
    directory.register("INSTALL3", "TESTCO", null, NOON);

    WriteResult r =
        write(new MeterEvent("INSTALL3", 101, NOON.minus(Duration.ofDays(400)), "push"));

    assertThat(r.suspect()).isEqualTo(1);
    assertThat(stored("INSTALL3")).isZero();
    assertThat(heardByListeners).isEmpty();
    assertThat(suspects.list("INSTALL3", null, null, 10, 0))
        .singleElement()
        .satisfies(h -> assertThat(h.reason()).isEqualTo("before_installation"));
  }

  @Test
  void theSameHeldEventSentAgainIsOneRowAndNeverAnEvent() throws Exception {
    directory.register("SPOOFED3", "TESTCO", null);
    MeterEvent spoofed =
        new MeterEvent("SPOOFED3", 201, Instant.parse("2099-01-01T00:00:00Z"), "push");

    write(spoofed);
    write(spoofed);

    assertThat(suspects.list("SPOOFED3", null, null, 10, 0)).hasSize(1);
    assertThat(stored("SPOOFED3")).isZero();
  }

  @Test
  void aReleasedEventIsStoredOnceAndADecidedOneCannotBeDecidedAgain() throws Exception {
    directory.register("SPOOFED4", "TESTCO", null);
    write(new MeterEvent("SPOOFED4", 201, Instant.parse("2099-01-01T00:00:00Z"), "push"));
    long id = suspects.list("SPOOFED4", null, "held", 10, 0).get(0).id();

    HeldItems.Release<SuspectEvents.Held, MeterEvent> released =
        suspects.release(id, "operator-1").orElseThrow();

    assertThat(released.stored()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(201));
    assertThat(released.held().status()).isEqualTo("released");
    assertThat(released.held().decidedBy()).isEqualTo("operator-1");
    assertThat(stored("SPOOFED4")).isEqualTo(1);
    assertThat(suspects.release(id, "operator-2")).isEmpty();
    assertThat(suspects.discard(id, "operator-2")).isEmpty();
  }

  @Test
  void aDiscardedEventIsNeverStored() throws Exception {
    directory.register("SPOOFED5", "TESTCO", null);
    write(new MeterEvent("SPOOFED5", 201, Instant.parse("2099-01-01T00:00:00Z"), "push"));
    long id = suspects.list("SPOOFED5", null, "held", 10, 0).get(0).id();

    assertThat(suspects.discard(id, "operator-1"))
        .hasValueSatisfying(h -> assertThat(h.status()).isEqualTo("discarded"));
    assertThat(stored("SPOOFED5")).isZero();
    assertThat(suspects.find(id))
        .hasValueSatisfying(h -> assertThat(h.decidedBy()).isEqualTo("operator-1"));
  }
}
