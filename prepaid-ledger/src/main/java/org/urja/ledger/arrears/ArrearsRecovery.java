package org.urja.ledger.arrears;

import static org.urja.ledger.db.Sql.ts;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.journal.EntryKind;
import org.urja.ledger.journal.JournalBatch;
import org.urja.ledger.journal.JournalEntry;

/**
 * Takes the arrears share of a recharge, and gives it back when the recharge is reversed, inside
 * the payment's own transaction (the account's balance row is locked by its journal batch). Each
 * step has an idempotency key derived from the gateway reference, like the credit itself.
 */
public final class ArrearsRecovery {

  /** A recovery queued on a recharge's journal batch, recorded once the entries are written. */
  public record Taken(
      String accountId, long amountPaise, long outstandingAfterPaise, LocalDate billingMonth) {}

  private ArrearsRecovery() {}

  /**
   * Queues the arrears share of this recharge on {@code journal} (to be flushed with the credit),
   * or nothing when the account has no arrears outstanding or the month's cap is reached.
   */
  public static Optional<Taken> take(
      Connection c,
      JournalBatch journal,
      String accountId,
      String reference,
      long rechargePaise,
      Instant receivedAt)
      throws SQLException {
    Optional<ArrearsPlan> plan = plan(c, accountId, true);
    if (plan.isEmpty() || plan.get().outstandingPaise() == 0) {
      return Optional.empty();
    }
    LocalDate month = receivedAt.atZone(billingZone(c, accountId)).toLocalDate().withDayOfMonth(1);
    long amount = plan.get().recoveryFrom(rechargePaise, recoveredIn(c, accountId, month));
    if (amount <= 0) {
      return Optional.empty();
    }
    long outstandingAfter = plan.get().outstandingPaise() - amount;
    journal.add(
        JournalEntry.of(
                accountId, EntryKind.ARREARS_RECOVERY, -amount, "arrears:" + reference, receivedAt)
            .withReference(reference)
            .withDetails(
                Map.of(
                    "recoveryPercent",
                    plan.get().recoveryPercent().toPlainString(),
                    "outstandingAfterPaise",
                    outstandingAfter)));
    return Optional.of(new Taken(accountId, amount, outstandingAfter, month));
  }

  /** Records a taken recovery after the payment row and its journal entry exist. */
  public static void record(Connection c, String reference, Taken taken, long entryId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_arrears_recoveries (gateway_reference, account_id, amount_paise, outstanding_after_paise, "
                + "billing_month, entry_id) values (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, reference);
      ps.setString(2, taken.accountId());
      ps.setLong(3, taken.amountPaise());
      ps.setLong(4, taken.outstandingAfterPaise());
      ps.setObject(5, taken.billingMonth());
      ps.setLong(6, entryId);
      ps.executeUpdate();
    }
    moveOutstanding(c, taken.accountId(), -taken.amountPaise());
  }

  /** The recovery of a payment not yet given back, if it had one. */
  public static Optional<Long> recoveredBy(Connection c, String reference) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select amount_paise from ledger_arrears_recoveries where gateway_reference = ? and reversal_entry_id is null")) {
      ps.setString(1, reference);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /**
   * Queues the give-back of a reversed payment's recovery; the arrears become outstanding again.
   */
  public static void queueGiveBack(
      JournalBatch journal, String accountId, String reference, long amountPaise, Instant at) {
    journal.add(
        JournalEntry.of(
                accountId, EntryKind.REVERSAL, amountPaise, "arrears-reversal:" + reference, at)
            .withReference(reference)
            .withDetails(Map.of("reverses", EntryKind.ARREARS_RECOVERY.dbValue())));
  }

  public static void recordGiveBack(
      Connection c, String accountId, String reference, long amountPaise, long entryId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update ledger_arrears_recoveries set reversal_entry_id = ? where gateway_reference = ?")) {
      ps.setLong(1, entryId);
      ps.setString(2, reference);
      ps.executeUpdate();
    }
    moveOutstanding(c, accountId, amountPaise);
  }

  /** The cap runs by the billing month of the account's utility. */
  private static ZoneId billingZone(Connection c, String accountId) throws SQLException {
    Account account =
        AccountRegistry.find(c, accountId)
            .orElseThrow(() -> new IllegalArgumentException("unknown account " + accountId));
    return ZoneId.of(UtilityRegistry.settings(c, account.utilityId()).zone());
  }

  static Optional<ArrearsPlan> plan(Connection c, String accountId, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select outstanding_paise, recovery_percent, monthly_cap_paise "
                + "from ledger_arrears where account_id = ?"
                + (forUpdate ? " for update" : ""))) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long outstanding = rs.getLong(1);
        BigDecimal percent = rs.getBigDecimal(2);
        long cap = rs.getLong(3);
        Long monthlyCap = rs.wasNull() ? null : cap;
        return Optional.of(new ArrearsPlan(accountId, outstanding, percent, monthlyCap));
      }
    }
  }

  static long recoveredIn(Connection c, String accountId, LocalDate month) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select coalesce(sum(amount_paise), 0) from ledger_arrears_recoveries "
                + "where account_id = ? and billing_month = ? and reversal_entry_id is null")) {
      ps.setString(1, accountId);
      ps.setObject(2, month);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void moveOutstanding(Connection c, String accountId, long deltaPaise)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update ledger_arrears set outstanding_paise = outstanding_paise + ?, "
                + "updated_at = ? where account_id = ?")) {
      ps.setLong(1, deltaPaise);
      ps.setTimestamp(2, ts(Instant.now()));
      ps.setString(3, accountId);
      ps.executeUpdate();
    }
  }
}
