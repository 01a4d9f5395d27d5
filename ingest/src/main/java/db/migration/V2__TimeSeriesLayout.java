package db.migration;

import java.time.Clock;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.urja.ingest.db.TimeSeriesLayout;

/** Creates readings, meter_events and energy_hourly in the layout the server supports. */
public class V2__TimeSeriesLayout extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    TimeSeriesLayout.Options options =
        TimeSeriesLayout.Options.fromPlaceholders(context.getConfiguration().getPlaceholders());
    new TimeSeriesLayout(options, Clock.systemUTC()).create(context.getConnection());
  }
}
