package org.urja.headend.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.bench.storage.StorageBenchmark;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.embedded.EmbeddedPostgresService;
import org.urja.ingest.db.Database;
import org.urja.ingest.db.DatabaseConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Bytes per reading before and after compression, on the configured server (db.url; an embedded
 * plain PostgreSQL otherwise), in a database of its own that the project's migrations create there.
 */
@Command(
    name = "storage",
    mixinStandardHelpOptions = true,
    description =
        "Load a realistic week of readings into the configured database, compress where the layout allows, "
            + "and report bytes per reading before and after.")
final class BenchStorageCommand implements Callable<Integer> {
  static final String DATABASE = "urja_bench_storage";

  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--meters", description = "meters (default: ${DEFAULT-VALUE})")
  int meters = 2_000;

  @Option(names = "--days", description = "days of 15-minute intervals (default: ${DEFAULT-VALUE})")
  int days = 7;

  @Option(
      names = "--trial-meters",
      description =
          "meters whose readings each alternative layout is tried on "
              + "(TimescaleDB only; 0: none; default: ${DEFAULT-VALUE})")
  int trialMeters = 500;

  @Option(names = "--keep", description = "keep the database " + DATABASE + " afterwards")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    UrjaConfig cfg = config.load();
    Optional<String> url = cfg.optional("db.url");
    EmbeddedPostgresService pg =
        url.isPresent()
            ? null
            : EmbeddedPostgresService.start(
                cfg.optional("db.embedded.dir").map(Path::of), cfg.integer("db.embedded.port"));
    try {
      DatabaseConfig server =
          url.map(u -> new DatabaseConfig(u, cfg.string("db.user"), cfg.string("db.password")))
              .orElseGet(() -> pg.config(2));
      recreate(server, false);
      DatabaseConfig bench =
          new DatabaseConfig(
                  server
                      .jdbcUrl()
                      .replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + DATABASE),
                  server.user(),
                  server.password())
              .withPoolSize(2);
      try (Database db = new Database(bench)) {
        HeadEnd.migrate(db.dataSource(), cfg);
        StorageBenchmark.Report r =
            new StorageBenchmark(db.dataSource()).run(meters, days, trialMeters);
        System.out.println();
        System.out.println(StorageBenchmark.markdown(r));
      } finally {
        if (!keep) {
          recreate(server, true);
        }
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
    return 0;
  }

  private static void recreate(DatabaseConfig server, boolean dropOnly) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      if (!dropOnly) {
        st.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }
}
