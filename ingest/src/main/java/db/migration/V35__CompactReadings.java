package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.urja.ingest.db.CompactReadings;
import org.urja.ingest.db.TimeSeriesLayout;

/**
 * Stores readings as digits and a receive delay in reading_rows; {@code readings} becomes a view.
 */
public class V35__CompactReadings extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    TimeSeriesLayout.Options options =
        TimeSeriesLayout.Options.fromPlaceholders(context.getConfiguration().getPlaceholders());
    new CompactReadings(options).migrate(context.getConnection());
  }
}
