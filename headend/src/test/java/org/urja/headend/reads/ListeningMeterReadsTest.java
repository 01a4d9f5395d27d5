package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.Submission;
import org.urja.protocol.obis.ObisCode;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.ListeningFleet;
import org.urja.simulator.meter.BlockLoadProfile;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * A meter that listens is dialled by the head-end over Netty; its block load profile is read by
 * range into readings through the batch writer; gaps in its pushed data are found and back-filled
 * by the scheduled round, and its completeness rises to 100 %.
 */
class ListeningMeterReadsTest extends PostgresTestSupport {
  /** The civil day 2026-11-21 in India starts at 18:30 UTC the day before. */
  static final LocalDate DAY = LocalDate.parse("2026-11-21");

  static final Instant DAY_START = Instant.parse("2026-11-20T18:30:00Z");
  static final ObisCode IMPORT = ObisCode.parse("1.0.1.8.0.255");

  /**
   * The meter's first row is stamped at the day's start: 96 rows stamped 00:00 … 23:45 fill the
   * day.
   */
  static final Instant START = DAY_START.minus(Duration.ofMinutes(15));

  ListeningFleet fleet;
  ReadsFixture hes;
  SimulatedMeter meter;

  @BeforeAll
  void startMeter() throws Exception {
    FleetConfig cfg =
        new FleetConfig(
            1, 0, "LSN", 11L, START, Duration.ofMinutes(15), Duration.ofMillis(2), 96, 4, 100);
    fleet =
        new ListeningFleet(cfg, new ReadsFixture(dataSource(), 1).model, 1).start("127.0.0.1", 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> fleet.stats().finished() == 1);
    meter = fleet.meters().get(0);
    hes = new ReadsFixture(dataSource(), 8);
  }

  @AfterAll
  void stop() {
    hes.close();
    fleet.close();
  }

  @BeforeEach
  void registeredWithItsAddress() throws Exception {
    truncate("readings", "meters", "read_jobs", "meter_read_state");
    hes.directory.forget(meter.serial());
    hes.directory.register(meter.serial(), "NORTHCO", "urja-sim-1ph");
    var at = fleet.address(meter);
    assertThat(hes.addresses.set(meter.serial(), new DialAddress(at.getHostString(), at.getPort())))
        .isTrue();
  }

  @Test
  void aListeningMetersBlockLoadIsReadByRangeAndAReReadStoresNothingNew() throws Exception {
    Instant from = DAY_START.plus(Duration.ofMinutes(15 * 4));
    Instant to = DAY_START.plus(Duration.ofMinutes(15 * 7));

    OnDemandReads.Started first =
        hes.onDemand.start(meter.serial(), ProfileKind.BLOCK_LOAD, from, to, "test");
    first.finished().get(20, TimeUnit.SECONDS);

    // four rows of four registers (voltage, current, Wh, VAh), each stored once
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(16);
    assertThat(queryLong("SELECT readings_stored FROM read_jobs WHERE id = " + first.id()))
        .isEqualTo(16);
    assertThat(queryLong("SELECT count(*) FROM read_jobs WHERE status = 'done'")).isEqualTo(1);
    long whAtTo = fleet.onMeter(meter, () -> meter.profile().range(to, to).get(0).importWh());
    assertThat(
            queryLong(
                "SELECT value FROM readings WHERE obis = '1.0.1.8.0.255' AND ts = '" + to + "'"))
        .isEqualTo(whAtTo);

    OnDemandReads.Started again =
        hes.onDemand.start(meter.serial(), ProfileKind.BLOCK_LOAD, from, to, "test");
    again.finished().get(20, TimeUnit.SECONDS);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(16);
    assertThat(queryLong("SELECT readings_stored FROM read_jobs WHERE id = " + again.id()))
        .isZero();
    assertThat(queryLong("SELECT readings_duplicate FROM read_jobs WHERE id = " + again.id()))
        .isEqualTo(16);
    // each read hung up when it was done
    await().atMost(Duration.ofSeconds(5)).until(() -> hes.dialOut.open() == 0);
    // the capture period the meter reported is kept for its gaps and completeness
    assertThat(queryLong("SELECT capture_period_s FROM meters")).isEqualTo(900);
  }

  @Test
  void aGapInPushedDataIsBackFilledByTheScheduledRoundAndCompletenessReachesAHundredPercent()
      throws Exception {
    List<BlockLoadProfile.Row> rows = fleet.onMeter(meter, () -> meter.profile().all());
    assertThat(rows).hasSize(96);
    // pushes arrived for every interval of the day but ten in the afternoon (the modem was down)
    List<Reading> pushed = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (i < 60 || i >= 70) {
        BlockLoadProfile.Row r = rows.get(i);
        pushed.add(
            new Reading(meter.serial(), IMPORT, r.time(), BigDecimal.valueOf(r.importWh()), "Wh"));
      }
    }
    hes.writer.submit(Submission.ofReadings(pushed)).get(20, TimeUnit.SECONDS);
    Instant dayEnd = DAY_START.plus(Duration.ofDays(1));
    Instant now = rows.get(95).time().plusSeconds(60);

    assertThat(hes.completeness.meter(meter.serial(), DAY, DAY))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.stored()).isEqualTo(86);
              assertThat(d.expected()).isEqualTo(96);
              assertThat(d.percent()).isEqualByComparingTo("89.58");
            });
    List<IntervalGaps.Gap> gaps =
        new IntervalGaps(dataSource())
            .missing(meter.serial(), DAY_START, dayEnd, Duration.ofMinutes(15));
    assertThat(gaps)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.from()).isEqualTo(rows.get(60).time());
              assertThat(g.to()).isEqualTo(rows.get(69).time());
              assertThat(g.intervals()).isEqualTo(10);
            });

    // this round is about block load: the other profiles are switched off in the schedule table
    ReadSchedules.put(
        dataSource(),
        new ReadSchedules.Row("*", "*", ProfileKind.DAILY_LOAD, Duration.ofDays(1), false));
    ReadSchedules.put(
        dataSource(),
        new ReadSchedules.Row("*", "*", ProfileKind.BILLING, Duration.ofDays(1), false));
    ReadSchedules.put(
        dataSource(),
        new ReadSchedules.Row("*", "*", ProfileKind.EVENTS, Duration.ofDays(1), false));
    ScheduledReads.Round round = hes.scheduled.runRound(now).get(30, TimeUnit.SECONDS);

    assertThat(round.read()).isEqualTo(1);
    assertThat(round.failed()).isZero();
    assertThat(hes.completeness.meter(meter.serial(), DAY, DAY))
        .singleElement()
        .satisfies(d -> assertThat(d.percent()).isEqualByComparingTo("100.00"));
    assertThat(
            new IntervalGaps(dataSource())
                .missing(meter.serial(), DAY_START, dayEnd, Duration.ofMinutes(15)))
        .isEmpty();
    // the back-filled register values are the meter's own
    assertThat(
            queryLong(
                "SELECT value FROM readings WHERE obis = '1.0.1.8.0.255' AND ts = '"
                    + rows.get(65).time()
                    + "'"))
        .isEqualTo(rows.get(65).importWh());
    assertThat(hes.completeness.fleet(DAY, null, 10))
        .satisfies(
            f -> {
              assertThat(f.meters()).isEqualTo(1);
              assertThat(f.complete()).isEqualTo(1);
              assertThat(f.averagePercent()).isEqualByComparingTo("100.00");
            });

    // the next round within the schedule's hour claims nothing; after it, the meter has no gap and
    // is not called
    assertThat(hes.scheduled.runRound(now.plusSeconds(60)).get(30, TimeUnit.SECONDS).claimed())
        .isZero();
    ScheduledReads.Round later =
        hes.scheduled.runRound(now.plus(Duration.ofMinutes(61))).get(30, TimeUnit.SECONDS);
    assertThat(later.claimed()).isEqualTo(1);
    assertThat(later.read()).isEqualTo(1); // the interval that ended since
  }

  @Test
  void afterAReconnectThePushesLostInFlightAreBackFilledEvenWhenTheScheduleReadTheMeterJustBefore()
      throws Exception {
    List<BlockLoadProfile.Row> rows = fleet.onMeter(meter, () -> meter.profile().all());
    // rows 0..9 and 40..44 were pushed into a head-end that was killed before it stored them
    // (unconfirmed DataNotifications: the meter will not send them again); after the restart the
    // pushes arrive again from row 45 on
    List<Reading> pushed = new ArrayList<>();
    for (int i = 10; i < rows.size(); i++) {
      if (i < 40 || i >= 45) {
        BlockLoadProfile.Row r = rows.get(i);
        pushed.add(
            new Reading(meter.serial(), IMPORT, r.time(), BigDecimal.valueOf(r.importWh()), "Wh"));
      }
    }
    hes.writer.submit(Submission.ofReadings(pushed)).get(20, TimeUnit.SECONDS);
    Instant now = rows.get(95).time().plusSeconds(60);
    for (ProfileKind other :
        List.of(ProfileKind.DAILY_LOAD, ProfileKind.BILLING, ProfileKind.EVENTS)) {
      ReadSchedules.put(
          dataSource(), new ReadSchedules.Row("*", "*", other, Duration.ofDays(1), false));
    }
    // the scheduled round read this meter a minute before the node went down: by the schedule's
    // hour it is not due
    execute(
        "INSERT INTO meter_read_state (meter_serial, profile, last_attempt_at, last_success_at) "
            + "VALUES ('"
            + meter.serial()
            + "', 'block_load', '"
            + now.minusSeconds(60)
            + "', '"
            + now.minusSeconds(60)
            + "')");
    assertThat(hes.scheduled.runRound(now).get(30, TimeUnit.SECONDS).read()).isZero();

    ScheduledReads.Round backfill =
        hes.scheduled.backfillRound(now, Set.of(meter.serial())).get(30, TimeUnit.SECONDS);

    assertThat(backfill.claimed()).isEqualTo(1);
    assertThat(backfill.read()).isEqualTo(1);
    assertThat(backfill.failed()).isZero();
    // the five lost intervals are back with the meter's own register values ...
    for (int i = 40; i < 45; i++) {
      assertThat(
              queryLong(
                  "SELECT value FROM readings WHERE obis = '1.0.1.8.0.255' AND ts = '"
                      + rows.get(i).time()
                      + "'"))
          .isEqualTo(rows.get(i).importWh());
    }
    // ... and so are the ten before the meter's first stored push (a meter younger than the
    // look-back: here, pushes lost before anything of it was committed); the intervals after its
    // newest stored one would be left to the scheduled round (a push may still be on its way)
    assertThat(
            queryLong(
                "SELECT count(DISTINCT ts) FROM readings WHERE obis = '1.0.1.8.0.255' AND ts < '"
                    + rows.get(10).time()
                    + "'"))
        .isEqualTo(10);
    // nothing is missing from the meter's first row to its newest
    assertThat(
            new IntervalGaps(dataSource())
                .beforeNewest(meter.serial(), rows.get(0).time(), now, Duration.ofMinutes(15)))
        .isEmpty();
    // a second back-fill asks the meter again for what lies before its history (it cannot know the
    // meter has none) and stores nothing new
    long stored = queryLong("SELECT count(*) FROM readings");
    ScheduledReads.Round again =
        hes.scheduled
            .backfillRound(now.plusSeconds(1), Set.of(meter.serial()))
            .get(30, TimeUnit.SECONDS);
    assertThat(again.failed()).isZero();
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(stored);
  }

  @Test
  void aReadLeftRunningByAStoppedNodeIsMarkedFailedAfterAnHour() {
    execute(
        "INSERT INTO read_jobs (meter_serial, profile, range_from, range_to, requested_by, status, created_at) "
            + "VALUES ('"
            + meter.serial()
            + "', 'block_load', now() - interval '1 day', now(), 'test', 'running', "
            + "now() - interval '2 hours'), ('"
            + meter.serial()
            + "', 'block_load', now() - interval '1 day', now(), "
            + "'test', 'running', now())");

    assertThat(new ReadJobs(dataSource()).abandonOlderThan(Duration.ofHours(1))).isEqualTo(1);
    assertThat(
            queryLong(
                "SELECT count(*) FROM read_jobs WHERE status = 'failed' AND error LIKE 'abandoned%'"))
        .isEqualTo(1);
    assertThat(queryLong("SELECT count(*) FROM read_jobs WHERE status = 'running'")).isEqualTo(1);
  }

  @Test
  void aMeterThatDoesNotAnswerAtItsAddressFailsTheReadAndGivesItsDialSlotBack() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    hes.addresses.set(meter.serial(), new DialAddress("127.0.0.1", closedPort));

    OnDemandReads.Started job =
        hes.onDemand.start(
            meter.serial(),
            ProfileKind.BLOCK_LOAD,
            DAY_START,
            DAY_START.plus(Duration.ofHours(1)),
            "test");
    job.finished().get(20, TimeUnit.SECONDS);

    assertThat(
            queryLong(
                "SELECT count(*) FROM read_jobs WHERE status = 'failed' AND error LIKE 'could not dial meter at "
                    + "127.0.0.1:"
                    + closedPort
                    + "%'"))
        .isEqualTo(1);
    assertThat(hes.dialOut.open()).isZero();
    assertThat(queryLong("SELECT count(*) FROM readings")).isZero();
  }
}
