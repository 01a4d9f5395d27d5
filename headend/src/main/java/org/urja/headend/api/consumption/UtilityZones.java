package org.urja.headend.api.consumption;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.urja.ledger.account.UtilityRegistry;

/**
 * The civil time zone of a utility ({@code UtilitySettings.zone}), where its consumers' days and
 * months begin; the node's {@code utility.zone} for a utility not registered (or a meter of none).
 */
public final class UtilityZones {
  private final UtilityRegistry utilities;
  private final ZoneId fallback;

  public UtilityZones(UtilityRegistry utilities, ZoneId fallback) {
    this.utilities = utilities;
    this.fallback = fallback;
  }

  public ZoneId of(String utilityId) {
    if (utilityId == null) {
      return fallback;
    }
    try {
      String zone = utilities.settings(utilityId).zone();
      return zone == null ? fallback : ZoneId.of(zone);
    } catch (IllegalArgumentException | DateTimeException e) {
      // an unregistered utility: its meters still have readings and operators still look at them
      return fallback;
    }
  }
}
