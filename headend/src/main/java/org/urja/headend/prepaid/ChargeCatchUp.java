package org.urja.headend.prepaid;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ledger.charging.ConsumptionCharger;
import org.urja.ledger.charging.RegisterReading;

/**
 * Charges stored energy readings that the live feed never charged (a crash between commit and
 * charge, a charging error): for each charged meter, its newest stored register value after the
 * charged position. The query is plain SQL over {@code readings}, valid on PostgreSQL and
 * TimescaleDB alike.
 */
public final class ChargeCatchUp {
  private static final Logger log = LoggerFactory.getLogger(ChargeCatchUp.class);
  private static final String SQL = """
      SELECT s.meter_serial, r.ts, r.value
      FROM ledger_meter_charge_state s
      JOIN meters m ON m.serial = s.meter_serial
      JOIN LATERAL (
        SELECT ts, value FROM readings
        WHERE meter_id = m.id AND obis = '1.0.1.8.0.255' AND ts > s.last_ts
        ORDER BY ts DESC LIMIT 1) r ON true
      LIMIT ?""";

  private final DataSource dataSource;
  private final ConsumptionCharger charger;

  public ChargeCatchUp(DataSource dataSource, ConsumptionCharger charger) {
    this.dataSource = dataSource;
    this.charger = charger;
  }

  /** Returns how many meters had uncharged readings. */
  public int run(int limit) {
    List<RegisterReading> behind = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          behind.add(new RegisterReading(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBigDecimal(3)));
        }
      }
    } catch (SQLException e) {
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
