package org.urja.headend.reads;

import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.urja.ingest.store.MeterDialSettings;

/**
 * The dial addresses of listening meters and the block load capture period each meter reported of
 * itself, as typed values over the ingest's {@link MeterDialSettings} (the ingest owns the {@code
 * meters} table these live in).
 */
public final class MeterAddresses {
  private final MeterDialSettings settings;

  public MeterAddresses(DataSource dataSource) {
    this.settings = new MeterDialSettings(dataSource);
  }

  /**
   * Sets (or with null clears) where {@code serial} is dialled; false when there is no such meter.
   */
  public boolean set(String serial, DialAddress address) {
    return settings.setDialAddress(serial, address == null ? null : address.toString());
  }

  public Optional<DialAddress> find(String serial) {
    return settings.dialAddress(serial).flatMap(DialAddress::tryParse);
  }

  /**
   * Records the capture period the meter reported (profile attribute 4); ignores zero (not
   * reported).
   */
  public void learnedCapturePeriod(String serial, Duration period) {
    if (period.isZero()
        || period.isNegative()
        || period.toSeconds() > MeterDialSettings.MAX_CAPTURE_PERIOD_S) {
      return;
    }
    settings.recordCapturePeriod(serial, (int) period.toSeconds());
  }
}
