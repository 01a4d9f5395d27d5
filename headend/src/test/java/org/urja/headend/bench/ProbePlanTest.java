package org.urja.headend.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.urja.simulator.meter.SimClock;

/** How the relay rounds' probes are set up so that every round disconnects and reconnects. */
class ProbePlanTest {
  private final ProbePlan plan = ProbePlan.standard();

  @Test
  void theProbesMeterTimeStaysBehindTheWallClockThroughTheLongestRelayPhase() {
    int rounds = 5;
    Duration timeout = Duration.ofMinutes(2);
    Instant now = Instant.parse("2026-11-29T16:40:00Z");
    Instant start =
        SimClock.alignedStart(now, plan.capturePeriod(), plan.backIntervals(rounds, timeout));
    SimClock clock = new SimClock(start, plan.capturePeriod(), plan.realPeriod());
    // every round waiting out both timeouts and the settling: the most pushes the phase can make
    Duration longest =
        timeout.multipliedBy(2).plus(RelayLatency.SETTLE_AT_MOST).multipliedBy(rounds);
    long pushes = longest.toNanos() / plan.realPeriod().toNanos();
    assertThat(clock.intervalEnd(pushes)).isBefore(now.plus(longest));
  }

  @Test
  void probesPushingOnceASecondNeedAFifthOfTheMeterTimeBehind() {
    Duration timeout = Duration.ofMinutes(2);
    assertThat(plan.pushingEvery(Duration.ofSeconds(1)).backIntervals(5, timeout))
        .isEqualTo(plan.backIntervals(5, timeout) / 5);
  }

  @Test
  void aRechargePaysTheDebtPlusTenSecondsOfTheProbesOwnConsumption() {
    // 2,000 Wh in 20 s at ₹8/kWh: 80 paise a second, so 800 paise last 10 s
    assertThat(plan.rechargePaise(5_000, 2_000, 20.0, 800)).isEqualTo(5_800);
  }

  @Test
  void aProbeThatUsedNothingMeasurableStillGetsTheMinimumAboveZero() {
    assertThat(plan.rechargePaise(1_234, 0, 15.0, 800)).isEqualTo(1_334);
    assertThat(plan.rechargePaise(0, 500, 0.0, 800)).isEqualTo(100);
  }

  @Test
  void aNegativeDebtIsRefused() {
    assertThatThrownBy(() -> plan.rechargePaise(-1, 100, 1.0, 800))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
