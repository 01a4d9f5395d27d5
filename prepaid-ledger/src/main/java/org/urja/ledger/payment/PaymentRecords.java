package org.urja.ledger.payment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads of the {@code payments} table. */
final class PaymentRecords {

  private PaymentRecords() {}

  /**
   * The receipt of a reference; {@code replay} is set because the caller found, not created, it.
   */
  static Optional<Receipt> find(Connection c, String reference) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select p.receipt_number, p.gateway_reference, p.account_id, p.amount_paise, p.channel, p.received_at, "
                + "p.balance_after_paise, p.status, coalesce(r.amount_paise, 0), coalesce(r.outstanding_after_paise, 0) "
                + "from payments p left join ledger_arrears_recoveries r on r.gateway_reference = p.gateway_reference "
                + "where p.gateway_reference = ?")) {
      ps.setString(1, reference);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Receipt(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                rs.getLong(7),
                rs.getString(8),
                true,
                rs.getLong(9),
                rs.getLong(10)));
      }
    }
  }

  static Optional<Reversal> reversal(Connection c, String reference) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select p.gateway_reference, p.account_id, p.amount_paise, coalesce(g.balance_after_paise, e.balance_after_paise), "
                + "p.reversed_at, p.reversal_reason from payments p join ledger_entries e on e.id = p.reversal_entry_id "
                // a recovery given back with the reversal is the last entry of it
                + "left join ledger_arrears_recoveries r on r.gateway_reference = p.gateway_reference "
                + "left join ledger_entries g on g.id = r.reversal_entry_id "
                + "where p.gateway_reference = ? and p.status = 'reversed'")) {
      ps.setString(1, reference);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Reversal(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getTimestamp(5).toInstant(),
                rs.getString(6),
                true));
      }
    }
  }
}
