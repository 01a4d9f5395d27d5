package org.urja.headend.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.headend.embedded.EmbeddedPostgresService;
import org.urja.ingest.db.DatabaseConfig;

/**
 * A head-end node for a benchmark: on db.url when configured, else on a throwaway embedded
 * PostgreSQL.
 */
final class BenchHeadEnd {
  /** What a benchmark does with the node. */
  interface Body {
    void run(HeadEnd hes) throws Exception;
  }

  private BenchHeadEnd() {}

  static void run(UrjaConfig cfg, Body body) throws Exception {
    cfg.withDefault("store.unknown.meters", "AUTO_REGISTER")
        .withDefault(
            "ingest.clock.tolerance", "P3650D"); // simulated fleets: new meters, fast clocks
    cfg.withDefault(
        "keys.master.generate", "true"); // simulated meters' keys are imported, as in the demo
    Optional<String> url = cfg.optional("db.url");
    EmbeddedPostgresService pg =
        url.isPresent()
            ? null
            : EmbeddedPostgresService.start(
                cfg.optional("db.embedded.dir").map(Path::of), cfg.integer("db.embedded.port"));
    try {
      DatabaseConfig db =
          url.map(
                  u ->
                      new DatabaseConfig(u, cfg.string("db.user"), cfg.string("db.password"))
                          .withPoolSize(cfg.integer("db.pool.size")))
              .orElseGet(() -> pg.config(cfg.integer("db.pool.size")));
      try (HeadEnd hes = HeadEnd.start(cfg, db, Optional.empty())) {
        body.run(hes);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }
}
