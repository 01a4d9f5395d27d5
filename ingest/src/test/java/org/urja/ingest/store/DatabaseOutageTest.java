package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.urja.ingest.store.StoreFixtures.NOON;
import static org.urja.ingest.store.StoreFixtures.energy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.DatabaseConfig;
import org.urja.ingest.db.EmbeddedDatabase;

/**
 * A real outage: the PostgreSQL server the writer uses is stopped for longer than any retry limit
 * would allow, and started again on the same port and data directory.
 */
class DatabaseOutageTest {

  private static final int MAX_ATTEMPTS = 3;

  private EmbeddedDatabase server;
  private HikariDataSource pool;
  private BatchWriter writer;

  @AfterEach
  void stopEverything() {
    if (writer != null) {
      writer.close();
    }
    if (pool != null) {
      pool.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyReadingSubmittedDuringAnOutageIsStoredOnceTheDatabaseIsBack() throws Exception {
    Path dataDir = Files.createTempDirectory("urja-outage");
    int port = freePort();
    server = EmbeddedDatabase.start(dataDir, port);
    DatabaseConfig config = server.newMigratedDatabase().withPoolSize(4);
    pool = pool(config);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MeterDirectory directory = new MeterDirectory(pool, UnknownMeterPolicy.AUTO_REGISTER, registry);
    writer =
        new BatchWriter(
            pool,
            directory,
            BatchWriterConfig.defaults()
                .withBatch(20, Duration.ofMillis(5))
                .withQueueBounds(100, 50)
                .withRetries(MAX_ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(200)),
            registry);
    List<CompletableFuture<WriteResult>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(
          writer.submit(
              Submission.ofReadings(List.of(energy("M-" + (i % 10), NOON.plusSeconds(i), "1")))));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();

    server.close();
    for (int i = 50; i < 250; i++) {
      futures.add(
          writer.submit(
              Submission.ofReadings(List.of(energy("M-" + (i % 10), NOON.plusSeconds(i), "1")))));
    }
    // well past the attempt limit that used to drop batches, nothing has failed and listeners are
    // paused
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> transientFailures(registry) > 4 * MAX_ATTEMPTS);
    assertThat(futures.subList(50, futures.size())).noneMatch(CompletableFuture::isDone);
    assertThat(writer.hasCapacity()).isFalse();

    server = EmbeddedDatabase.start(dataDir, port);

    await()
        .atMost(Duration.ofSeconds(25))
        .until(() -> futures.stream().allMatch(CompletableFuture::isDone));
    assertThat(futures).allMatch(f -> !f.isCompletedExceptionally());
    assertThat(futures).allMatch(f -> f.join().readingsInserted() == 1);
    assertThat(writer.hasCapacity()).isTrue();
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*), count(DISTINCT (meter_id, ts)) FROM readings")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(250);
      assertThat(rs.getLong(2)).isEqualTo(250);
    }
  }

  private static double transientFailures(SimpleMeterRegistry registry) {
    return registry.counter("urja.ingest.write.failures", "retried", "true").count();
  }

  /**
   * The production pool's settings but a short connection timeout: while the server is down each
   * attempt waits that long for a connection, and the test should count attempts in seconds.
   */
  private static HikariDataSource pool(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(500);
    return new HikariDataSource(hikari);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
