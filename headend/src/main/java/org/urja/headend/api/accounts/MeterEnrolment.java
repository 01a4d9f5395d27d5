package org.urja.headend.api.accounts;

import java.sql.SQLException;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.ingest.identity.MeterSerials;
import org.urja.ingest.layout.PerMeterModels;
import org.urja.ingest.store.Meter;
import org.urja.ingest.store.MeterDirectory;
import org.urja.ingest.store.MeterStatus;

/**
 * The meter an account is opened (or re-metered) with becomes a registered meter of the account's
 * utility, by the same rules as {@code POST /api/meters}: otherwise the account would wait for
 * readings that ingest holds in quarantine as an unknown meter's.
 */
final class MeterEnrolment {
  private final MeterDirectory directory;
  private final PerMeterModels models;

  MeterEnrolment(MeterDirectory directory, PerMeterModels models) {
    this.directory = directory;
    this.models = models;
  }

  /** Refuses, before the ledger links anything, a serial out of shape or another utility's. */
  Optional<Meter> check(String serial, String utility) {
    MeterSerials.problem(serial)
        .ifPresent(
            p -> {
              throw ApiError.badField("meterSerial", p);
            });
    Optional<Meter> known = find(serial);
    known
        .filter(m -> m.utility() != null && !m.utility().equals(utility))
        .ifPresent(
            m -> {
              throw new ApiError(
                  409,
                  "meter_other_utility",
                  "meter " + serial + " is registered to another utility",
                  "meterSerial");
            });
    return known;
  }

  /**
   * Registers the meter unless it already is (idempotent), keeping the model it was learned or
   * registered with.
   */
  void enrol(String serial, String utility, Optional<Meter> known) {
    if (known.isPresent() && known.get().status() == MeterStatus.REGISTERED) {
      return;
    }
    try {
      directory.register(serial, utility, known.map(Meter::model).orElse(null));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    models.invalidate(serial);
  }

  private Optional<Meter> find(String serial) {
    try {
      return directory.find(serial);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
