package org.urja.ledger.account;

import static org.urja.ledger.db.Sql.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.db.Transactions;

/**
 * Opens accounts, links meters to them over time and records prepaid/postpaid switches. A meter
 * replacement closes the old link and opens a new one, so the account keeps its journal and
 * balance.
 */
public final class AccountRegistry {

  /** Meter event codes (IS 15959 style) that report a change of the meter's payment mode. */
  public static final int EVENT_SWITCHED_TO_POSTPAID = 211;

  public static final int EVENT_SWITCHED_TO_PREPAID = 212;

  private final Transactions tx;

  public AccountRegistry(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Opens the account with a zero balance and links its first meter from {@code
   * account.openedAt()}.
   */
  public void open(Account account, String meterSerial) {
    tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into ledger_accounts (account_id, utility_id, consumer_name, phone, language, payment_mode, "
                      + "tariff_code, sanctioned_load_kw, opened_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, account.accountId());
            ps.setString(2, account.utilityId());
            ps.setString(3, account.consumerName());
            ps.setString(4, account.phone());
            ps.setString(5, account.language());
            ps.setString(6, account.paymentMode().dbValue());
            ps.setString(7, account.tariffCode());
            ps.setBigDecimal(8, account.sanctionedLoadKw());
            ps.setTimestamp(9, ts(account.openedAt()));
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("insert into balances (account_id) values (?)")) {
            ps.setString(1, account.accountId());
            ps.executeUpdate();
          }
          recordModeChange(
              c,
              account.accountId(),
              "none",
              account.paymentMode(),
              "account_opened",
              "system",
              account.openedAt());
          link(c, account.accountId(), meterSerial, account.openedAt());
          return null;
        });
  }

  /**
   * Closes the live meter link at {@code at} and links {@code newSerial}; the new meter's first
   * reading is its baseline.
   */
  public void replaceMeter(String accountId, String newSerial, Instant at) {
    tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update ledger_account_meters set valid_to = ? where account_id = ? and valid_to is null")) {
            ps.setTimestamp(1, ts(at));
            ps.setString(2, accountId);
            ps.executeUpdate();
          }
          link(c, accountId, newSerial, at);
          return null;
        });
  }

  /**
   * Switches the payment mode explicitly and records who did it. Returns false when the account was
   * already in that mode (nothing recorded).
   */
  public boolean switchMode(
      String accountId, PaymentMode to, String source, String changedBy, Instant at) {
    return tx.inTransaction(
        c -> {
          PaymentMode from;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select payment_mode from ledger_accounts where account_id = ? for update")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException("unknown account " + accountId);
              }
              from = PaymentMode.fromDb(rs.getString(1));
            }
          }
          if (from == to) {
            return false;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update ledger_accounts set payment_mode = ? where account_id = ?")) {
            ps.setString(1, to.dbValue());
            ps.setString(2, accountId);
            ps.executeUpdate();
          }
          recordModeChange(c, accountId, from.dbValue(), to, source, changedBy, at);
          return true;
        });
  }

  /**
   * Applies a meter's own mode event (211 postpaid, 212 prepaid) to the account it serves at {@code
   * at}.
   */
  public boolean applyMeterModeEvent(String meterSerial, int eventCode, Instant at) {
    PaymentMode to =
        switch (eventCode) {
          case EVENT_SWITCHED_TO_POSTPAID -> PaymentMode.POSTPAID;
          case EVENT_SWITCHED_TO_PREPAID -> PaymentMode.PREPAID;
          default -> throw new IllegalArgumentException("not a payment mode event: " + eventCode);
        };
    String accountId =
        accountOf(meterSerial, at)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "meter " + meterSerial + " serves no account at " + at));
    return switchMode(accountId, to, "meter_event_" + eventCode, "meter:" + meterSerial, at);
  }

  public Optional<String> accountOf(String meterSerial, Instant at) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select account_id from ledger_account_meters where meter_serial = ? and valid_from <= ? "
                      + "and (valid_to is null or valid_to > ?)")) {
            ps.setString(1, meterSerial);
            ps.setTimestamp(2, ts(at));
            ps.setTimestamp(3, ts(at));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  public Optional<Account> find(String accountId) {
    return tx.inTransaction(c -> find(c, accountId));
  }

  /** Loads several accounts at once, for batch work. */
  public static Map<String, Account> findAll(Connection c, Collection<String> accountIds)
      throws SQLException {
    Map<String, Account> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select account_id, utility_id, consumer_name, phone, language, payment_mode, tariff_code, "
                + "sanctioned_load_kw, opened_at from ledger_accounts where account_id = any(?)")) {
      ps.setArray(1, c.createArrayOf("text", accountIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              rs.getString(1),
              new Account(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  PaymentMode.fromDb(rs.getString(6)),
                  rs.getString(7),
                  rs.getBigDecimal(8),
                  rs.getTimestamp(9).toInstant()));
        }
      }
    }
    return out;
  }

  public static Optional<Account> find(Connection c, String accountId) throws SQLException {
    return Optional.ofNullable(findAll(c, List.of(accountId)).get(accountId));
  }

  private static void link(Connection c, String accountId, String meterSerial, Instant from)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_account_meters (account_id, meter_serial, valid_from) values (?, ?, ?)")) {
      ps.setString(1, accountId);
      ps.setString(2, meterSerial);
      ps.setTimestamp(3, ts(from));
      ps.executeUpdate();
    }
  }

  private static void recordModeChange(
      Connection c,
      String accountId,
      String from,
      PaymentMode to,
      String source,
      String changedBy,
      Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_payment_mode_changes (account_id, from_mode, to_mode, source, changed_by, effective_at) "
                + "values (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, accountId);
      ps.setString(2, from);
      ps.setString(3, to.dbValue());
      ps.setString(4, source);
      ps.setString(5, changedBy);
      ps.setTimestamp(6, ts(at));
      ps.executeUpdate();
    }
  }
}
