package org.urja.ingest.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies every module's migrations found under {@code classpath:db/migration} (ingest V1–V49,
 * prepaid-ledger V50–V99, headend V100+), SQL files and Java migrations in package {@code
 * db.migration} alike.
 */
public final class Migrations {

  private Migrations() {}

  public static MigrateResult migrate(DataSource dataSource) {
    return migrate(dataSource, TimeSeriesLayout.Options.DEFAULTS);
  }

  public static MigrateResult migrate(DataSource dataSource, TimeSeriesLayout.Options options) {
    return flyway(dataSource, options).migrate();
  }

  public static Flyway flyway(DataSource dataSource, TimeSeriesLayout.Options options) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .outOfOrder(false)
        // A node running an older build must still start against a schema a newer node migrated.
        .ignoreMigrationPatterns("*:future", "*:missing")
        .placeholders(options.toPlaceholders())
        .load();
  }
}
