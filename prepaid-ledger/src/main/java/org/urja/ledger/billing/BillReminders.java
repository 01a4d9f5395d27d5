package org.urja.ledger.billing;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.money.Money;

/**
 * The "bill due" messages: for a postpaid bill not yet paid, one {@code reminderDaysBefore} days
 * before its due date (or on the first run after that) and one on the due date itself, each once
 * (de-duplicated by bill and occasion), whatever the run's schedule or node count.
 */
public final class BillReminders {

  private final Transactions tx;
  private final Notifier notifier;

  public BillReminders(Transactions tx, Notifier notifier) {
    this.tx = tx;
    this.notifier = notifier;
  }

  /** Queues what is due at {@code now}; returns how many bills were looked at. */
  public int run(Instant now) {
    List<String> accounts = tx.inTransaction(c -> accountsWithBillsDueAround(c, now));
    for (String accountId : accounts) {
      tx.inTransaction(c -> remind(c, accountId, now));
    }
    return accounts.size();
  }

  private Void remind(Connection c, String accountId, Instant now) throws SQLException {
    Account account = AccountRegistry.find(c, accountId).orElseThrow();
    if (account.isPrepaid()) {
      return null;
    }
    ZoneId zone = ZoneId.of(UtilityRegistry.settings(c, account.utilityId()).zone());
    LocalDate today = now.atZone(zone).toLocalDate();
    int before = BillingSettings.load(c, account.utilityId()).reminderDaysBefore();
    for (Bill b : Bills.ofAccount(c, accountId)) {
      if (b.unpaidPaise() <= 0
          || today.isAfter(b.dueDate())
          || today.isBefore(b.dueDate().minusDays(before))) {
        continue;
      }
      String occasion = today.equals(b.dueDate()) ? "on" : "before";
      notifier.notify(
          c,
          account,
          NotificationKind.BILL_DUE,
          Map.of(
              "bill",
              b.billNo(),
              "dueDate",
              BillIssuer.DATE.format(b.dueDate()),
              "amount",
              Money.ofPaise(b.unpaidPaise()).format()),
          "bill-due:" + b.billNo() + ":" + occasion);
    }
    return null;
  }

  private static List<String> accountsWithBillsDueAround(Connection c, Instant now)
      throws SQLException {
    List<String> out = new ArrayList<>();
    // a wide window in UTC dates; each utility's own zone and reminder days decide in remind()
    LocalDate day = now.atZone(ZoneId.of("UTC")).toLocalDate();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select distinct b.account_id from ledger_bills b "
                + "join ledger_accounts a on a.account_id = b.account_id where a.payment_mode = 'postpaid' "
                + "and b.due_date between ? and ? order by b.account_id")) {
      ps.setDate(1, Date.valueOf(day.minusDays(1)));
      ps.setDate(2, Date.valueOf(day.plusDays(32)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
