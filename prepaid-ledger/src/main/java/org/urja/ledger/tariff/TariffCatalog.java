package org.urja.ledger.tariff;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** An immutable snapshot of all tariff versions; picks the version in force on a day. */
public final class TariffCatalog {

  private final List<Tariff> versions;

  public TariffCatalog(List<Tariff> versions) {
    this.versions =
        versions.stream().sorted(Comparator.comparing(Tariff::effectiveFrom).reversed()).toList();
  }

  public Optional<Tariff> inForce(String utilityId, String code, LocalDate day) {
    return versions.stream()
        .filter(
            t ->
                t.utilityId().equals(utilityId)
                    && t.code().equals(code)
                    && !t.effectiveFrom().isAfter(day))
        .findFirst();
  }
}
