package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.urja.ingest.store.StoreFixtures.NOON;
import static org.urja.ingest.store.StoreFixtures.energy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;

class BackpressureTest extends PostgresTestSupport {

  /** A database that stalls until the test lets it go. */
  static final class GatedInserter implements ReadingInserter {
    final CountDownLatch open = new CountDownLatch(1);
    private final ReadingInserter delegate = ReadingInserter.Strategy.UNNEST.create("reading_rows");

    @Override
    public Set<ReadingKey> insert(Connection c, List<ResolvedReading> rows) throws SQLException {
      try {
        open.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return delegate.insert(c, rows);
    }
  }

  @Test
  void capacityIsLostWhenTheQueueFillsAndReturnsWhenItDrains() throws Exception {
    GatedInserter slowDatabase = new GatedInserter();
    MeterDirectory directory =
        new MeterDirectory(
            dataSource(), UnknownMeterPolicy.AUTO_REGISTER, new SimpleMeterRegistry());
    BatchWriterConfig tinyQueue =
        BatchWriterConfig.defaults()
            .withWriterThreads(1)
            .withBatch(4, Duration.ZERO)
            .withQueueBounds(10, 5);
    List<Boolean> capacityChanges = new CopyOnWriteArrayList<>();
    List<CompletableFuture<WriteResult>> futures = new ArrayList<>();

    try (BatchWriter writer =
        new BatchWriter(
            dataSource(), directory, slowDatabase, tinyQueue, new SimpleMeterRegistry())) {
      writer.addCapacityListener(capacityChanges::add);
      for (int push = 0; push < 2; push++) {
        futures.add(writer.submit(Submission.ofReadings(fourReadings(push))));
      }
      assertThat(writer.hasCapacity()).isTrue();
      assertThat(capacityChanges).isEmpty();

      futures.add(writer.submit(Submission.ofReadings(fourReadings(2)))); // 12 rows >= 10
      assertThat(writer.hasCapacity()).isFalse();
      assertThat(capacityChanges).containsExactly(false);

      // Full, yet still accepted: these bytes were already read from a meter.
      futures.add(writer.submit(Submission.ofReadings(fourReadings(3))));
      assertThat(writer.queuedRows()).isEqualTo(16);

      slowDatabase.open.countDown();
      await().atMost(Duration.ofSeconds(30)).until(writer::hasCapacity);
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertThat(capacityChanges).containsExactly(false, true);
    }
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(16);
  }

  private static List<Reading> fourReadings(int push) {
    List<Reading> rs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rs.add(energy("M-BP", NOON.plusSeconds(900L * (push * 4 + i)), String.valueOf(push * 4 + i)));
    }
    return rs;
  }
}
