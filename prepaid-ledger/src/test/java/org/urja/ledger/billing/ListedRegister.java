package org.urja.ledger.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.urja.ledger.charging.RegisterReading;

/**
 * The register as ingest would serve it, from readings a test lists: the ledger module cannot reach
 * ingest's store (the head-end's end-to-end test runs the real one).
 */
final class ListedRegister implements RegisterHistory {
  private final List<RegisterReading> readings = new ArrayList<>();

  ListedRegister add(RegisterReading r) {
    readings.add(r);
    readings.sort(Comparator.comparing(RegisterReading::ts));
    return this;
  }

  @Override
  public Optional<RegisterReading> atOrBefore(String meterSerial, Instant at) {
    return readings.stream()
        .filter(r -> r.meterSerial().equals(meterSerial) && !r.ts().isAfter(at))
        .reduce((a, b) -> b);
  }

  @Override
  public List<RegisterReading> between(String meterSerial, Instant from, Instant to) {
    return readings.stream()
        .filter(
            r -> r.meterSerial().equals(meterSerial) && r.ts().isAfter(from) && r.ts().isBefore(to))
        .toList();
  }
}
