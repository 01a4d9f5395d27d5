package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.ListeningFleet;
import org.urja.simulator.meter.SimulatedMeter;

/**
 * One scheduled round reads a thousand listening meters through the bounded dial-out: every meter's
 * block load is stored, never more connections are open than allowed, and the head-end does not
 * start a thread per meter.
 */
class ThousandListeningMetersRoundTest extends PostgresTestSupport {
  static final int METERS = 1_000;
  static final int MAX_DIALS = 32;
  static final Instant START = Instant.parse("2026-11-21T06:00:00Z");

  @Test
  void aThousandListeningMetersAreReadInOneRoundWithAHandfulOfThreads() throws Exception {
    FleetConfig cfg =
        new FleetConfig(
            METERS,
            0,
            "LST",
            5L,
            START,
            Duration.ofMinutes(15),
            Duration.ofMillis(5),
            4,
            4,
            10_000);
    try (ReadsFixture hes = new ReadsFixture(dataSource(), MAX_DIALS);
        ListeningFleet fleet = new ListeningFleet(cfg, hes.model, 2).start("127.0.0.1", 0)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> fleet.stats().finished() == METERS);
      try (Connection c = dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO meters (serial, utility, model, status, dial_address) VALUES (?, 'NORTHCO', 'urja-sim-1ph', "
                      + "'registered', ?)")) {
        for (SimulatedMeter m : fleet.meters()) {
          InetSocketAddress at = fleet.address(m);
          ps.setString(1, m.serial());
          ps.setString(2, new DialAddress(at.getHostString(), at.getPort()).toString());
          ps.addBatch();
        }
        ps.executeBatch();
      }
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
      // count the head-end's threads only: the fleet, the pool and the writer are up before the
      // round
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      int before = threads.getThreadCount();
      threads.resetPeakThreadCount();
      Instant now = START.plus(Duration.ofMinutes(15 * 4)).plusSeconds(30);

      ScheduledReads.Round r = hes.scheduled.runRound(now).get(3, TimeUnit.MINUTES);

      assertThat(r.read()).isEqualTo(METERS);
      assertThat(r.failed()).isZero();
      // four rows of four registers from every meter
      assertThat(queryLong("SELECT count(DISTINCT meter_id) FROM readings")).isEqualTo(METERS);
      assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(METERS * 16L);
      assertThat(hes.dialOut.mostOpen()).isLessThanOrEqualTo(MAX_DIALS);
      // a thread per meter would be a thousand more; the dial-out's event loops and pool threads
      // are a few
      assertThat(threads.getPeakThreadCount() - before).isLessThan(40);
      await().atMost(Duration.ofSeconds(10)).until(() -> hes.dialOut.open() == 0);
    }
  }
}
