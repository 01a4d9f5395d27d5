package org.urja.ledger.account;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.urja.ledger.db.Transactions;

/**
 * The connections (accounts) registered with a mobile number, across every utility of the
 * installation: what a consumer who proved the number by OTP may see. Looked up by the number's
 * last ten digits, however the utility wrote it (index of V84).
 */
public final class MobileDirectory {
  private final Transactions tx;

  public MobileDirectory(Transactions tx) {
    this.tx = tx;
  }

  /** Accounts whose registered phone is {@code mobile}, by utility and account ID. */
  public List<Account> registeredTo(MobileNumber mobile) {
    return tx.inTransaction(
        c -> {
          List<String> ids = new ArrayList<>();
          // the expression is the one V84 indexes: keep them the same
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select account_id from ledger_accounts "
                      + "where right(regexp_replace(coalesce(phone, ''), '\\D', '', 'g'), 10) = ?")) {
            ps.setString(1, mobile.digits());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
          }
          return AccountRegistry.findAll(c, ids).values().stream()
              .sorted(Comparator.comparing(Account::utilityId).thenComparing(Account::accountId))
              .toList();
        });
  }
}
