package org.urja.ledger.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.urja.ledger.db.Transactions;
import org.urja.ledger.journal.BalanceChange;
import org.urja.ledger.journal.BalanceListener;
import org.urja.ledger.journal.EntryKind;

/**
 * Names the live meters of prepaid accounts close to running out of credit (balance below a
 * threshold), so that their readings, which decide a disconnection, are read and charged ahead of
 * ingest's backlog (issue 11).
 *
 * <p>A committed charge tells its caller the balance it left per meter ({@link ChargedBalances});
 * this covers what a charge does not: the balances found at start ({@link #below}), and, as a
 * {@link BalanceListener}, every other movement that leaves an account below the threshold — a
 * recharge too small to lift it, an adjustment, a fixed charge, a reversed payment. A probe or
 * consumer whose account opens with little credit is then read first from its first reading, not
 * only once a charge has found it low, which under backpressure may never come (its connection is
 * not read).
 *
 * <p>It is told inside the transaction, before commit; a movement that then rolls back has marked a
 * meter that did not need it, which costs that meter's readings a place ahead of the line and
 * nothing else.
 */
public final class LowCreditMeters implements BalanceListener {
  private static final Set<EntryKind> CHARGES_ONLY = Set.of(EntryKind.DEDUCTION);

  private final long belowPaise;
  private final Consumer<Collection<String>> onLow;

  /**
   * @param belowPaise a balance below this is close to running out
   * @param onLow told the serials of the live meters of accounts a movement left below it
   */
  public LowCreditMeters(long belowPaise, Consumer<Collection<String>> onLow) {
    this.belowPaise = belowPaise;
    this.onLow = onLow;
  }

  @Override
  public void onBalanceChanges(Connection c, List<BalanceChange> changes) throws SQLException {
    List<String> low = new ArrayList<>();
    for (BalanceChange ch : changes) {
      // a charge's own balances reach the caller after commit (ChargedBalances), per meter: no
      // query of its own in every charging transaction
      if (ch.afterPaise() < belowPaise && !CHARGES_ONLY.containsAll(ch.kinds())) {
        low.add(ch.accountId());
      }
    }
    if (!low.isEmpty()) {
      onLow.accept(liveMetersOf(c, low));
    }
  }

  /** The live meters of prepaid accounts whose balance is below {@code belowPaise} now. */
  public static Set<String> below(Transactions tx, long belowPaise) {
    return tx.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select m.meter_serial from balances b "
                      + "join ledger_accounts a on a.account_id = b.account_id "
                      + "join ledger_account_meters m on m.account_id = b.account_id and m.valid_to is null "
                      + "where a.payment_mode = 'prepaid' and b.balance_paise < ?")) {
            ps.setLong(1, belowPaise);
            return serials(ps);
          }
        });
  }

  private static Set<String> liveMetersOf(Connection c, List<String> accounts) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select m.meter_serial from ledger_account_meters m "
                + "join ledger_accounts a on a.account_id = m.account_id "
                + "where m.account_id = any(?) and m.valid_to is null and a.payment_mode = 'prepaid'")) {
      ps.setArray(1, c.createArrayOf("text", accounts.toArray()));
      return serials(ps);
    }
  }

  private static Set<String> serials(PreparedStatement ps) throws SQLException {
    Set<String> out = new HashSet<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
