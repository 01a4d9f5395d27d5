package org.urja.headend.cli;

import java.util.concurrent.Callable;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Production: an external PostgreSQL/TimescaleDB and, optionally, an external MQTT broker. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the head-end against the configured database and broker.")
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @Override
  public Integer call() throws Exception {
    UrjaConfig cfg = config.load();
    String url =
        cfg.optional("db.url")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "db.url is not set: set URJA_DB_URL (e.g. jdbc:postgresql://db:5432/urja) or use 'urja demo' for the embedded database"));
    DatabaseConfig db =
        new DatabaseConfig(url, cfg.string("db.user"), cfg.string("db.password"))
            .withPoolSize(cfg.integer("db.pool.size"));
    ShutdownSignal shutdown = ShutdownSignal.install();
    try (HeadEnd hes = HeadEnd.start(cfg, db, cfg.optional("mqtt.uri"))) {
      shutdown.awaitRequest();
    } finally {
      shutdown.finished();
    }
    return 0;
  }
}
