package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.ListeningFleet;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * A listening meter's daily load profile, billing profile and control event log are read by range
 * and stored as readings and events, and the scheduled round reads every profile its model lists.
 */
class DailyBillingAndEventReadsTest extends PostgresTestSupport {
  /** 23:45 on 31 October in India: the meter runs across the month end and two midnights. */
  static final Instant START = Instant.parse("2026-10-31T18:15:00Z");

  static final Instant NOV_1 = Instant.parse("2026-10-31T18:30:00Z");
  static final Instant NOV_2 = Instant.parse("2026-11-01T18:30:00Z");

  ListeningFleet fleet;
  ReadsFixture hes;
  SimulatedMeter meter;
  Instant meterNow;

  @BeforeAll
  void startMeter() throws Exception {
    hes = new ReadsFixture(dataSource(), 4);
    FleetConfig cfg =
        new FleetConfig(
            1, 0, "DAY", 23L, START, Duration.ofMinutes(15), Duration.ofMillis(2), 100, 4, 100);
    fleet = new ListeningFleet(cfg, hes.model, 1).start("127.0.0.1", 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> fleet.stats().finished() == 1);
    meter = fleet.meters().get(0);
    meterNow =
        fleet.onMeter(
            meter,
            () -> {
              meter.raiseEvent(301); // load switch disconnected, in the control event log
              return meter.now();
            });
    hes.directory.register(meter.serial(), "NORTHCO", "urja-sim-1ph");
    var at = fleet.address(meter);
    hes.addresses.set(meter.serial(), new DialAddress(at.getHostString(), at.getPort()));
  }

  @BeforeEach
  void nothingStoredYet() {
    truncate("readings", "meter_events", "read_jobs", "meter_read_state");
  }

  @AfterAll
  void stop() {
    hes.close();
    fleet.close();
  }

  @Test
  void theDailyProfileGivesTheRegistersAtEachMidnight() throws Exception {
    var job = hes.onDemand.start(meter.serial(), ProfileKind.DAILY_LOAD, START, meterNow, "test");
    job.finished().get(20, TimeUnit.SECONDS);

    assertThat(queryLong("SELECT rows_read FROM read_jobs WHERE id = " + job.id())).isEqualTo(2);
    long whAtNov2 =
        fleet.onMeter(meter, () -> meter.dailyProfile().range(NOV_2, NOV_2).get(0).values()[0]);
    assertThat(
            queryLong(
                "SELECT value FROM readings WHERE obis = '1.0.1.8.0.255' AND ts = '" + NOV_2 + "'"))
        .isEqualTo(whAtNov2);
    assertThat(
            queryLong(
                "SELECT count(*) FROM readings WHERE ts IN ('" + NOV_1 + "', '" + NOV_2 + "')"))
        .isEqualTo(4);
  }

  @Test
  void theBillingProfileHoldsTheMonthEndAndTheEventLogBecomesEvents() throws Exception {
    var billing = hes.onDemand.start(meter.serial(), ProfileKind.BILLING, START, meterNow, "test");
    billing.finished().get(20, TimeUnit.SECONDS);
    assertThat(queryLong("SELECT rows_read FROM read_jobs WHERE id = " + billing.id()))
        .isEqualTo(1);
    long whAtBilling =
        fleet.onMeter(meter, () -> meter.billingProfile().range(NOV_1, NOV_1).get(0).values()[0]);
    assertThat(
            queryLong(
                "SELECT value FROM readings WHERE obis = '1.0.1.8.0.255' AND ts = '" + NOV_1 + "'"))
        .isEqualTo(whAtBilling);

    var events = hes.onDemand.start(meter.serial(), ProfileKind.EVENTS, START, meterNow, "test");
    events.finished().get(20, TimeUnit.SECONDS);
    assertThat(queryLong("SELECT events_stored FROM read_jobs WHERE id = " + events.id()))
        .isEqualTo(1);
    assertThat(queryLong("SELECT code FROM meter_events WHERE ts = '" + meterNow + "'"))
        .isEqualTo(301);

    var again = hes.onDemand.start(meter.serial(), ProfileKind.EVENTS, START, meterNow, "test");
    again.finished().get(20, TimeUnit.SECONDS);
    assertThat(queryLong("SELECT events_stored FROM read_jobs WHERE id = " + again.id())).isZero();
  }

  @Test
  void aScheduledRoundReadsEveryProfileTheModelLists() throws Exception {
    ScheduledReads.Round round =
        hes.scheduled.runRound(meterNow.plusSeconds(60)).get(30, TimeUnit.SECONDS);

    // block load, daily load, billing (no billing read yet this month) and events
    assertThat(round.claimed()).isEqualTo(4);
    assertThat(round.failed()).isZero();
    assertThat(queryLong("SELECT count(*) FROM meter_read_state WHERE last_success_at IS NOT NULL"))
        .isEqualTo(4);
    assertThat(queryLong("SELECT count(*) FROM meter_events")).isEqualTo(1);
  }
}
