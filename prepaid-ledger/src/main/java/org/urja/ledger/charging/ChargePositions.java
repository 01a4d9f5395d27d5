package org.urja.ledger.charging;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.urja.ledger.account.MeterSerial;
import org.urja.ledger.db.Transactions;

/**
 * The ledger's query face on charge positions, for the head-end's catch-up: which meters it charges
 * and up to when, as records, so that {@code ledger_meter_charge_state} stays the ledger's own.
 */
public final class ChargePositions {

  /** A meter the ledger has charged (or recorded) up to {@code chargedUpTo}. */
  public record ChargedMeter(MeterSerial meter, Instant chargedUpTo) {}

  private final Transactions tx;

  public ChargePositions(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Up to {@code size} charged meters with a serial after {@code afterSerial} (null: from the
   * start), in serial order.
   */
  public List<ChargedMeter> page(MeterSerial afterSerial, int size) {
    return tx.inTransaction(
        c -> {
          List<ChargedMeter> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select meter_serial, last_ts from ledger_meter_charge_state "
                      + "where meter_serial > ? order by meter_serial limit ?")) {
            ps.setString(1, afterSerial == null ? "" : afterSerial.value());
            ps.setInt(2, size);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new ChargedMeter(
                        MeterSerial.of(rs.getString(1)), rs.getTimestamp(2).toInstant()));
              }
            }
          }
          return out;
        });
  }
}
