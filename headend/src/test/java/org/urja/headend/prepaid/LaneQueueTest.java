package org.urja.headend.prepaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.urja.ledger.charging.RegisterReading;

class LaneQueueTest {

  private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

  private static RegisterReading reading(String meter, int step) {
    return new RegisterReading(
        meter, T0.plusSeconds(900L * step), BigDecimal.valueOf(1_000 * step));
  }

  private static List<RegisterReading> next(LaneQueue q, int max) throws InterruptedException {
    return q.next(max, 1, TimeUnit.MILLISECONDS);
  }

  @Test
  void aMeterLeftBelowTheThresholdIsChargedAheadOfTheBacklogWithAllItsQueuedReadings()
      throws Exception {
    LaneQueue q = new LaneQueue(100, 10_000, new UrgentMeters());
    q.put(reading("LOW", 1));
    for (int i = 0; i < 10; i++) {
      q.put(reading("M" + i, 1));
    }
    q.charged(Map.of("LOW", 9_999L, "M0", 50_000L));
    q.put(reading("LOW", 2));
    q.put(reading("M0", 2));

    List<RegisterReading> first = next(q, 5);

    // the urgent reading, and the same meter's older one from the normal queue with it
    assertThat(first).containsExactlyInAnyOrder(reading("LOW", 2), reading("LOW", 1));
    assertThat(q.urgentBacklog()).isZero();
    List<RegisterReading> rest = next(q, 100);
    assertThat(rest).hasSize(11).doesNotContain(reading("LOW", 1), reading("LOW", 2));
    assertThat(rest.get(0)).isEqualTo(reading("M0", 1));
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void aMeterWhoseBalanceRoseAgainGoesBackToTheNormalQueue() throws Exception {
    LaneQueue q = new LaneQueue(100, 10_000, new UrgentMeters());
    q.charged(Map.of("LOW", -500L));
    assertThat(q.urgentMeters()).isEqualTo(1);
    assertThat(q.urgent("LOW")).isTrue(); // its connection is read first (ingest readFirst)

    q.charged(Map.of("LOW", 60_000L));
    q.put(reading("OTHER", 1));
    q.put(reading("LOW", 3));

    assertThat(q.urgentMeters()).isZero();
    assertThat(q.urgent("LOW")).isFalse();
    assertThat(next(q, 1)).containsExactly(reading("OTHER", 1));
    assertThat(next(q, 1)).containsExactly(reading("LOW", 3));
  }

  @Test
  void aMeterMarkedLowByARechargeGoesFirstFromItsNextReadingWithTheOlderOnes() throws Exception {
    UrgentMeters urgent = new UrgentMeters();
    LaneQueue q = new LaneQueue(100, 10_000, urgent);
    q.put(reading("SMALL-RECHARGE", 1));
    for (int i = 0; i < 10; i++) {
      q.put(reading("M" + i, 1));
    }
    // a recharge left the account with little credit before any charge found it low
    urgent.addAll(List.of("SMALL-RECHARGE"));
    assertThat(q.urgent("SMALL-RECHARGE")).isTrue();
    q.put(reading("SMALL-RECHARGE", 2));

    assertThat(next(q, 1))
        .containsExactlyInAnyOrder(reading("SMALL-RECHARGE", 1), reading("SMALL-RECHARGE", 2));
    // and only a charge that leaves it well above the threshold takes it out
    q.charged(Map.of("SMALL-RECHARGE", 20_000L));
    assertThat(urgent.contains("SMALL-RECHARGE")).isFalse();
  }

  @Test
  void aMetersWaitingReadingsAreTakenTogetherInItsPlaceInLine() throws Exception {
    LaneQueue q = new LaneQueue(100, 0, new UrgentMeters());
    for (int step = 1; step <= 3; step++) {
      for (String m : List.of("A", "B", "C")) {
        q.put(reading(m, step));
      }
    }
    assertThat(q.backlog()).isEqualTo(9);
    assertThat(q.backlogMeters()).isEqualTo(3);

    // whole meters until the batch holds at least max readings: A's three, then B's three
    assertThat(next(q, 4))
        .containsExactly(
            reading("A", 1),
            reading("A", 2),
            reading("A", 3),
            reading("B", 1),
            reading("B", 2),
            reading("B", 3));
    q.put(reading("A", 4));
    // C has waited longer than A's new reading
    assertThat(next(q, 1)).containsExactly(reading("C", 1), reading("C", 2), reading("C", 3));
    assertThat(next(q, 1)).containsExactly(reading("A", 4));
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void aFullLaneHoldsTheWriterBackUntilABatchIsTaken() throws Exception {
    LaneQueue q = new LaneQueue(3, 0, new UrgentMeters());
    q.put(reading("A", 1));
    q.put(reading("A", 2));
    q.put(reading("B", 1));
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                q.put(reading("C", 1));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    // the fourth reading waits for room
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !writer.isDone());

    assertThat(next(q, 1)).containsExactly(reading("A", 1), reading("A", 2));
    await().atMost(Duration.ofSeconds(30)).until(writer::isDone);
    assertThat(q.backlog()).isEqualTo(2);
  }

  @Test
  void nothingQueuedGivesAnEmptyBatchAfterTheWait() throws Exception {
    assertThat(next(new LaneQueue(10, 0, new UrgentMeters()), 10)).isEmpty();
  }
}
