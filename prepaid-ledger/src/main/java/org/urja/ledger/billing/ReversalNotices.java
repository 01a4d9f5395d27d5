package org.urja.ledger.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.money.IndianFormat;
import org.urja.ledger.money.Money;
import org.urja.ledger.payment.Receipt;
import org.urja.ledger.payment.Reversal;
import org.urja.ledger.payment.ReversalListener;

/**
 * Tells the consumer that a payment was reversed, in the words of the account's mode now: a prepaid
 * consumer the balance left, a postpaid one the bills that are due again and what is owed. Here,
 * beside the bills, because only the postpaid side needs to know which bills a payment settled. One
 * message per reversal: the key is the payment's reference, and a reversal asked for again is never
 * told (see {@link ReversalListener}).
 */
public final class ReversalNotices implements ReversalListener {

  private final Notifier notifier;

  public ReversalNotices(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void onReversal(Connection c, Reversal r, Receipt original) throws SQLException {
    Account account = AccountRegistry.find(c, r.accountId()).orElseThrow();
    Map<String, String> params = new HashMap<>();
    params.put("amount", Money.ofPaise(r.amountPaise()).format());
    params.put("receipt", original.receiptNumber());
    params.put("reference", r.gatewayReference());
    params.put("when", IndianFormat.dateTime(r.reversedAt()));
    String key = "reversal:" + r.gatewayReference();
    if (account.isPrepaid()) {
      params.put("balance", Money.ofPaise(r.balanceAfterPaise()).format());
      notifier.notify(c, account, NotificationKind.RECHARGE_REVERSED, params, key);
      return;
    }
    long owedAfter = Math.max(0, -r.balanceAfterPaise());
    params.put("due", Money.ofPaise(owedAfter).format());
    String again = dueAgain(c, r.accountId(), owedAfter, r.amountPaise());
    if (!again.isEmpty()) {
      params.put("bills", again);
    }
    notifier.notify(c, account, NotificationKind.PAYMENT_REVERSED, params, key);
  }

  /**
   * The bills whose unpaid part grew with the reversal, oldest first: what is owed sits in the
   * newest bills (see {@link Bills}), so these are the bills the payment had settled, as far as no
   * later payment settled them since.
   */
  private static String dueAgain(Connection c, String accountId, long owedAfter, long amountPaise)
      throws SQLException {
    List<Bill> after = Bills.ofAccount(c, accountId);
    List<Bill> before = Bills.withUnpaid(after, Math.max(0, owedAfter - amountPaise));
    StringBuilder bills = new StringBuilder();
    for (int i = after.size() - 1; i >= 0; i--) {
      if (after.get(i).unpaidPaise() > before.get(i).unpaidPaise()) {
        bills.append(bills.isEmpty() ? "" : ", ").append(after.get(i).billNo());
      }
    }
    return bills.toString();
  }
}
