package org.urja.headend.prepaid;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.reading.Reading;
import org.urja.ingest.store.StoredRegisters;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.charging.ChargePositions;
import org.urja.ledger.charging.ChargePositions.ChargedMeter;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.charging.RegisterReading;
import org.urja.protocol.cosem.CosemObjects;

/**
 * Charges stored energy readings that the live feed never charged (a crash between commit and
 * charge, a charging error): for each charged meter, its newest stored register value after the
 * charged position. It asks each module through its own query API — the ledger for the positions
 * ({@link ChargePositions}), ingest for the stored readings ({@link StoredRegisters}) — a page of
 * meters at a time, so neither module's tables are read from here.
 */
public final class ChargeCatchUp {
  private static final Logger log = LoggerFactory.getLogger(ChargeCatchUp.class);
  private static final int PAGE = 5_000;

  private final ChargePositions positions;
  private final StoredRegisters stored;
  private final ConsumptionCharger charger;

  public ChargeCatchUp(
      ChargePositions positions, StoredRegisters stored, ConsumptionCharger charger) {
    this.positions = positions;
    this.stored = stored;
    this.charger = charger;
  }

  /** Charges up to {@code limit} meters' uncharged readings; returns how many meters had some. */
  public int run(int limit) {
    List<RegisterReading> behind = new ArrayList<>();
    MeterSerial after = null;
    try {
      while (behind.size() < limit) {
        List<ChargedMeter> page = positions.page(after, PAGE);
        if (page.isEmpty()) {
          break;
        }
        Map<String, Instant> chargedUpTo = new LinkedHashMap<>();
        page.forEach(m -> chargedUpTo.put(m.meter().value(), m.chargedUpTo()));
        for (Reading r :
            stored.newestAfter(CosemObjects.ACTIVE_ENERGY_IMPORT.obis(), chargedUpTo)) {
          // the same filter as the live feed: only a register in Wh is money
          if ("Wh".equals(r.unit()) && behind.size() < limit) {
            behind.add(new RegisterReading(r.meterSerial(), r.timestamp(), r.value()));
          }
        }
        after = page.get(page.size() - 1).meter();
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("charge catch-up query failed: {}", e.toString());
      return 0;
    }
    if (!behind.isEmpty()) {
      log.info("catching up charges for {} meter(s)", behind.size());
      charger.charge(behind);
    }
    return behind.size();
  }
}
