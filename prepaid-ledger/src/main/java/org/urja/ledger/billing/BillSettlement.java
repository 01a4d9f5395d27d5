package org.urja.ledger.billing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.money.IndianFormat;
import org.urja.ledger.money.Money;
import org.urja.ledger.payment.Receipt;
import org.urja.ledger.payment.ReceiptListener;

/**
 * A postpaid account's payment, in the transaction of {@code PaymentPosting} (the same idempotent
 * gateway callback as a recharge): records which bills it settled, oldest first, and queues the
 * payment receipt in postpaid words. Prepaid receipts are left to the prepaid listener.
 */
public final class BillSettlement implements ReceiptListener {

  private final Notifier notifier;

  public BillSettlement(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void onReceipt(Connection c, Receipt r) throws SQLException {
    Account account = AccountRegistry.find(c, r.accountId()).orElseThrow();
    if (account.isPrepaid()) {
      return;
    }
    List<Bill> bills = Bills.ofAccount(c, r.accountId());
    long owedAfter = Math.max(0, -r.balanceAfterPaise());
    long owedBefore = Math.max(0, -(r.balanceAfterPaise() - r.amountPaise()));
    List<Bill> before = Bills.withUnpaid(bills, owedBefore);
    List<Bill> after = Bills.withUnpaid(bills, owedAfter);
    List<Bills.Settled> settled = new ArrayList<>();
    for (int i = before.size() - 1; i >= 0; i--) {
      long paid = before.get(i).unpaidPaise() - after.get(i).unpaidPaise();
      if (paid > 0) {
        settled.add(new Bills.Settled(before.get(i).billNo(), paid));
      }
    }
    record(c, r.gatewayReference(), settled);
    Map<String, String> params =
        new HashMap<>(
            Map.of(
                "amount",
                Money.ofPaise(r.amountPaise()).format(),
                "receipt",
                r.receiptNumber(),
                "reference",
                r.gatewayReference(),
                "when",
                IndianFormat.dateTime(r.receivedAt()),
                "due",
                Money.ofPaise(owedAfter).format()));
    if (!settled.isEmpty()) {
      params.put(
          "bills", settled.stream().map(Bills.Settled::billNo).collect(Collectors.joining(", ")));
    }
    notifier.notify(
        c, account, NotificationKind.PAYMENT_RECEIPT, params, "receipt:" + r.receiptNumber());
  }

  private static void record(Connection c, String reference, List<Bills.Settled> settled)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into ledger_bill_payments (gateway_reference, bill_no, "
                + "amount_paise) values (?, ?, ?) on conflict do nothing")) {
      for (Bills.Settled s : settled) {
        ps.setString(1, reference);
        ps.setString(2, s.billNo());
        ps.setLong(3, s.amountPaise());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
