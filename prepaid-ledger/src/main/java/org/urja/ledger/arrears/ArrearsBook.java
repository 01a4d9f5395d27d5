package org.urja.ledger.arrears;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.urja.ledger.db.Transactions;

/**
 * The operator's side of arrears: set an account's plan at conversion to prepaid, and look it up.
 */
public final class ArrearsBook {

  /** A plan with what it has recovered so far (payments reversed since are not counted). */
  public record Status(ArrearsPlan plan, long recoveredPaise) {}

  private final Transactions tx;

  public ArrearsBook(Transactions tx) {
    this.tx = tx;
  }

  /**
   * Sets or replaces the account's arrears plan. Replacing states the amount still outstanding now,
   * as the utility's billing system knows it; recoveries already made stay recorded.
   */
  public Status set(ArrearsPlan plan) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into ledger_arrears (account_id, outstanding_paise, recovery_percent, monthly_cap_paise) "
                      + "values (?, ?, ?, ?) on conflict (account_id) do update set outstanding_paise = excluded.outstanding_paise, "
                      + "recovery_percent = excluded.recovery_percent, monthly_cap_paise = excluded.monthly_cap_paise, "
                      + "updated_at = now()")) {
            ps.setString(1, plan.accountId());
            ps.setLong(2, plan.outstandingPaise());
            ps.setBigDecimal(3, plan.recoveryPercent());
            if (plan.monthlyCapPaise() == null) {
              ps.setNull(4, java.sql.Types.BIGINT);
            } else {
              ps.setLong(4, plan.monthlyCapPaise());
            }
            ps.executeUpdate();
          }
          return status(c, plan.accountId()).orElseThrow();
        });
  }

  public Optional<Status> status(String accountId) {
    return tx.inTransaction(c -> status(c, accountId));
  }

  private static Optional<Status> status(java.sql.Connection c, String accountId)
      throws java.sql.SQLException {
    Optional<ArrearsPlan> plan = ArrearsRecovery.plan(c, accountId, false);
    if (plan.isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "select coalesce(sum(amount_paise), 0) from ledger_arrears_recoveries "
                + "where account_id = ? and reversal_entry_id is null")) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.of(new Status(plan.get(), rs.getLong(1)));
      }
    }
  }
}
