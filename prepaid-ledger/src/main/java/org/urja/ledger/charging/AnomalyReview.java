package org.urja.ledger.charging;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.urja.ledger.db.Transactions;

/**
 * The operator's side of {@code ledger_anomalies}. Rebaselining makes the anomaly's reading the
 * meter's new last charged value (the consumption across the jump is not charged, and nothing is
 * credited), and closes every open anomaly of that meter.
 */
public final class AnomalyReview {

  private final Transactions tx;

  public AnomalyReview(Transactions tx) {
    this.tx = tx;
  }

  public void rebaseline(long anomalyId, String operator, String note) {
    tx.inTransaction(
        c -> {
          String meter;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select meter_serial, account_id, reading_wh, reading_ts from ledger_anomalies where id = ? for update")) {
            ps.setLong(1, anomalyId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException("unknown anomaly " + anomalyId);
              }
              meter = rs.getString(1);
              try (PreparedStatement up =
                  c.prepareStatement(
                      "update ledger_meter_charge_state set last_wh = ?, last_ts = greatest(last_ts, ?), updated_at = now() "
                          + "where meter_serial = ? and account_id = ?")) {
                up.setBigDecimal(1, rs.getBigDecimal(3));
                up.setTimestamp(2, rs.getTimestamp(4));
                up.setString(3, meter);
                up.setString(4, rs.getString(2));
                up.executeUpdate();
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update ledger_anomalies set resolved_at = now(), resolution = ? where meter_serial = ? and resolved_at is null")) {
            ps.setString(1, "rebaselined by " + operator + (note == null ? "" : ": " + note));
            ps.setString(2, meter);
            ps.executeUpdate();
          }
          return null;
        });
  }
}
