package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.ingest.store.StoreFixtures.NOON;
import static org.urja.ingest.store.StoreFixtures.energy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.ingest.reading.Reading;

/** Many connections pushing at once, with meters re-sending what they sent before. */
class ManySendersTest extends PostgresTestSupport {

  @Test
  void everyDistinctReadingIsStoredOnceWhateverTheInterleaving() throws Exception {
    MeterDirectory directory =
        new MeterDirectory(
            dataSource(), UnknownMeterPolicy.AUTO_REGISTER, new SimpleMeterRegistry());
    int meters = 50;
    int pushesPerMeter = 40;
    List<CompletableFuture<WriteResult>> futures = new ArrayList<>();
    AtomicInteger inserted = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try (BatchWriter writer =
        new BatchWriter(
            dataSource(),
            directory,
            BatchWriterConfig.defaults().withBatch(500, Duration.ofMillis(2)),
            new SimpleMeterRegistry())) {
      writer.addCommitListener(rs -> inserted.addAndGet(rs.size()));
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int m = 0; m < meters; m++) {
        String serial = "FLEET-" + m;
        sends.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int p = 0; p < pushesPerMeter; p++) {
                    // Each push carries the last two readings: every reading arrives twice.
                    List<Reading> push =
                        List.of(
                            energy(serial, NOON.plusSeconds(900L * p), String.valueOf(p)),
                            energy(
                                serial, NOON.plusSeconds(900L * (p + 1)), String.valueOf(p + 1)));
                    synchronized (futures) {
                      futures.add(writer.submit(Submission.ofReadings(push)));
                    }
                  }
                },
                senders));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      senders.shutdownNow();
    }

    int distinct = meters * (pushesPerMeter + 1);
    assertThat(queryLong("SELECT count(*) FROM readings")).isEqualTo(distinct);
    assertThat(futures.stream().mapToInt(f -> f.join().readingsInserted()).sum())
        .isEqualTo(distinct);
    assertThat(inserted.get()).isEqualTo(distinct);
    assertThat(queryLong("SELECT count(*) FROM meters WHERE status = 'auto_registered'"))
        .isEqualTo(meters);
  }
}
