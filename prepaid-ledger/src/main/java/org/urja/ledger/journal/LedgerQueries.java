package org.urja.ledger.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.urja.ledger.db.Transactions;

/** Read side of the journal: balances, journal sums and entries for statements and checks. */
public final class LedgerQueries {

  private final Transactions tx;

  public LedgerQueries(Transactions tx) {
    this.tx = tx;
  }

  public long balancePaise(String accountId) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("select balance_paise from balances where account_id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException("unknown account " + accountId);
              }
              return rs.getLong(1);
            }
          }
        });
  }

  /** The sum of the account's journal; always equal to {@link #balancePaise}. */
  public long journalSumPaise(String accountId) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select coalesce(sum(amount_paise), 0) from ledger_entries where account_id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** Accounts whose projection disagrees with their journal (empty when the ledger is sound). */
  public List<String> accountsOutOfBalance() {
    return tx.inTransaction(
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "select b.account_id from balances b left join (select account_id, sum(amount_paise) s, count(*) n "
                          + "from ledger_entries group by account_id) j on j.account_id = b.account_id "
                          + "where b.balance_paise <> coalesce(j.s, 0) or b.entry_count <> coalesce(j.n, 0)");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }

  public List<PostedEntry> entries(String accountId) {
    return tx.inTransaction(
        c -> {
          List<PostedEntry> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select id, account_id, kind, amount_paise, balance_after_paise, idempotency_key, occurred_at "
                      + "from ledger_entries where account_id = ? order by id")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new PostedEntry(
                        rs.getLong(1),
                        rs.getString(2),
                        EntryKind.fromDb(rs.getString(3)),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant()));
              }
            }
          }
          return out;
        });
  }
}
