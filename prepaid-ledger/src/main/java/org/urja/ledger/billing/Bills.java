package org.urja.ledger.billing;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.urja.ledger.db.Json;
import org.urja.ledger.db.Transactions;

/**
 * The read side of postpaid bills: an account's bills, one bill, and which bills a payment settled.
 *
 * <p>What is unpaid of each bill is derived, never stored: the account's balance is minus what it
 * owes, and payments settle the oldest bill first, so what is owed sits in the newest bills. A
 * reversed payment therefore reopens exactly the bills it had settled, with nothing to update.
 */
public final class Bills {

  /** A part of a payment that went to one bill. */
  public record Settled(String billNo, long amountPaise) {}

  private static final String SELECT =
      "select b.bill_no, b.account_id, b.utility_id, u.name, a.consumer_name, "
          + "a.language, b.meter_serial, b.period_start, b.period_end, b.opening_wh, b.opening_at, b.closing_wh, "
          + "b.closing_at, b.estimated, b.kwh, b.lines::text, b.current_charges_paise, b.late_payment_paise, "
          + "b.arrears_paise, b.advance_paise, b.amount_due_paise, b.tariff_code, b.issued_at, b.due_date "
          + "from ledger_bills b join ledger_accounts a on a.account_id = b.account_id "
          + "join ledger_utilities u on u.utility_id = b.utility_id ";

  private final Transactions tx;

  public Bills(Transactions tx) {
    this.tx = tx;
  }

  /** The account's bills, newest first. */
  public List<Bill> ofAccount(String accountId) {
    return tx.inTransaction(c -> ofAccount(c, accountId));
  }

  public Optional<Bill> latest(String accountId) {
    return ofAccount(accountId).stream().findFirst();
  }

  public Optional<Bill> find(String billNo) {
    return tx.inTransaction(
        c -> {
          Optional<String> account = accountOf(c, billNo);
          if (account.isEmpty()) {
            return Optional.empty();
          }
          return ofAccount(c, account.get()).stream()
              .filter(b -> b.billNo().equals(billNo))
              .findFirst();
        });
  }

  /** The bills a payment settled, as recorded when it was posted (empty for prepaid payments). */
  public List<Settled> settledBy(String gatewayReference) {
    return tx.inTransaction(c -> settledBy(c, gatewayReference));
  }

  static List<Settled> settledBy(Connection c, String gatewayReference) throws SQLException {
    List<Settled> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select p.bill_no, p.amount_paise from ledger_bill_payments p "
                + "join ledger_bills b on b.bill_no = p.bill_no where p.gateway_reference = ? order by b.period_start")) {
      ps.setString(1, gatewayReference);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Settled(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return out;
  }

  static List<Bill> ofAccount(Connection c, String accountId) throws SQLException {
    List<Bill> issued = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(SELECT + "where b.account_id = ? order by b.period_start desc")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          issued.add(read(rs));
        }
      }
    }
    return withUnpaid(issued, owed(c, accountId));
  }

  /** What the account owes now: minus its balance, or nothing when it is in credit. */
  static long owed(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select balance_paise from balances where account_id = ?")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Math.max(0, -rs.getLong(1)) : 0;
      }
    }
  }

  /** Spreads {@code owed} over the bills, newest first (each at most its own charges). */
  static List<Bill> withUnpaid(List<Bill> newestFirst, long owed) {
    List<Bill> out = new ArrayList<>();
    long left = owed;
    for (Bill b : newestFirst) {
      long unpaid = Math.min(Math.max(0, b.chargesPaise()), left);
      left -= unpaid;
      out.add(b.withUnpaid(unpaid));
    }
    return out;
  }

  private static Optional<String> accountOf(Connection c, String billNo) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select account_id from ledger_bills where bill_no = ?")) {
      ps.setString(1, billNo);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static Bill read(ResultSet rs) throws SQLException {
    List<BillLine> lines;
    try {
      lines = Json.MAPPER.readValue(rs.getString(16), new TypeReference<List<BillLine>>() {});
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Bill(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getDate(8).toLocalDate(),
        rs.getDate(9).toLocalDate(),
        rs.getBigDecimal(10),
        rs.getTimestamp(11).toInstant(),
        rs.getBigDecimal(12),
        rs.getTimestamp(13).toInstant(),
        rs.getBoolean(14),
        rs.getBigDecimal(15),
        lines,
        rs.getLong(17),
        rs.getLong(18),
        rs.getLong(19),
        rs.getLong(20),
        rs.getLong(21),
        rs.getString(22),
        rs.getTimestamp(23).toInstant(),
        rs.getDate(24).toLocalDate(),
        0);
  }
}
