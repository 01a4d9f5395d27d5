package org.urja.headend.documents;

import java.time.ZoneId;
import java.util.Optional;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.alerts.MessageTemplates;
import org.urja.ledger.billing.Bill;
import org.urja.ledger.billing.Bills;
import org.urja.ledger.payment.PaymentPosting;
import org.urja.ledger.payment.Receipt;

/**
 * Bills and receipts as PDF, from the ledger's own records (through its Java API), in the account's
 * language and the utility's time zone.
 */
public final class Documents {

  private final Bills bills;
  private final PaymentPosting payments;
  private final AccountRegistry accounts;
  private final UtilityRegistry utilities;

  public Documents(
      Bills bills, PaymentPosting payments, AccountRegistry accounts, UtilityRegistry utilities) {
    this.bills = bills;
    this.payments = payments;
    this.accounts = accounts;
    this.utilities = utilities;
  }

  public Optional<Bill> bill(String billNo) {
    return bills.find(billNo);
  }

  public Optional<Receipt> receipt(String gatewayReference) {
    return payments.receipt(gatewayReference);
  }

  public byte[] billPdf(Bill b) {
    UtilitySettings s = utilities.settings(b.utilityId());
    return new BillPdf(ZoneId.of(s.zone()))
        .render(b, MessageTemplates.languageOrDefault(b.language(), s.defaultLanguage()));
  }

  public byte[] receiptPdf(Receipt r) {
    Account account = accounts.find(r.accountId()).orElseThrow();
    UtilitySettings s = utilities.settings(account.utilityId());
    long stillDue =
        account.isPrepaid()
            ? 0
            : bills.ofAccount(account.accountId()).stream().mapToLong(Bill::unpaidPaise).sum();
    return new ReceiptPdf(ZoneId.of(s.zone()))
        .render(
            utilities.name(account.utilityId()).orElse(account.utilityId()),
            account,
            r,
            bills.settledBy(r.gatewayReference()),
            stillDue,
            MessageTemplates.languageOrDefault(account.language(), s.defaultLanguage()));
  }
}
