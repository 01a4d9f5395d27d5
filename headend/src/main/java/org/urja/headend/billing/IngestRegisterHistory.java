package org.urja.headend.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.urja.ingest.store.RegisterReadings;
import org.urja.ledger.billing.RegisterHistory;
import org.urja.ledger.charging.RegisterReading;

/**
 * The ledger's view of the energy register, served by ingest's own read API (issue 10: no SQL
 * across modules).
 */
public final class IngestRegisterHistory implements RegisterHistory {

  static final String ACTIVE_IMPORT = "1.0.1.8.0.255";
  private final RegisterReadings readings;

  public IngestRegisterHistory(RegisterReadings readings) {
    this.readings = readings;
  }

  @Override
  public Optional<RegisterReading> atOrBefore(String meterSerial, Instant at) {
    return readings
        .atOrBefore(meterSerial, ACTIVE_IMPORT, at)
        .map(v -> new RegisterReading(meterSerial, v.ts(), v.value()));
  }

  @Override
  public List<RegisterReading> between(String meterSerial, Instant from, Instant to) {
    return readings.between(meterSerial, ACTIVE_IMPORT, from, to).stream()
        .map(v -> new RegisterReading(meterSerial, v.ts(), v.value()))
        .toList();
  }
}
