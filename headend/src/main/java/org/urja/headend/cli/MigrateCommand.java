package org.urja.headend.cli;

import java.util.concurrent.Callable;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.Database;
import org.urja.ingest.db.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Applies the schema migrations (TimescaleDB layout when the extension is available) and exits. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Apply database migrations and exit.")
final class MigrateCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @Override
  public Integer call() throws Exception {
    UrjaConfig cfg = config.load();
    String url =
        cfg.optional("db.url")
            .orElseThrow(() -> new IllegalArgumentException("db.url is not set (URJA_DB_URL)"));
    try (Database db =
        new Database(
            new DatabaseConfig(url, cfg.string("db.user"), cfg.string("db.password"))
                .withPoolSize(2))) {
      HeadEnd.migrate(db.dataSource(), cfg);
    }
    System.out.println("migrations applied to " + url);
    return 0;
  }
}
