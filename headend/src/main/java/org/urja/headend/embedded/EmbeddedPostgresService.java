package org.urja.headend.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.db.DatabaseConfig;

/**
 * The demo's database: a real PostgreSQL server started from the binaries Maven fetched, so the
 * demo needs nothing installed. Production points db.url at TimescaleDB instead.
 */
public final class EmbeddedPostgresService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresService.class);
  private final EmbeddedPostgres pg;

  private EmbeddedPostgresService(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  /**
   * @param dataDir keep data between runs there; empty for a throwaway database
   */
  public static EmbeddedPostgresService start(Optional<Path> dataDir, int port) throws IOException {
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "200")
            .setServerConfig("shared_buffers", "256MB")
            .setServerConfig("synchronous_commit", "on");
    if (dataDir.isPresent()) {
      b.setDataDirectory(dataDir.get()).setCleanDataDirectory(false);
    }
    if (port > 0) {
      b.setPort(port);
    }
    EmbeddedPostgres pg = b.start();
    log.info(
        "embedded PostgreSQL on port {}{}",
        pg.getPort(),
        dataDir.map(d -> " with data in " + d).orElse(" (throwaway data)"));
    return new EmbeddedPostgresService(pg);
  }

  public DatabaseConfig config(int poolSize) {
    return new DatabaseConfig(
            "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "postgres")
        .withPoolSize(poolSize);
  }

  public int port() {
    return pg.getPort();
  }

  @Override
  public void close() throws IOException {
    pg.close();
  }
}
