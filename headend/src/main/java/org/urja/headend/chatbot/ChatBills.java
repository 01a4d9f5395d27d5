package org.urja.headend.chatbot;

import static org.urja.headend.chatbot.ChatTexts.say;

import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.urja.headend.documents.DocumentLinks;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.billing.Bill;
import org.urja.ledger.billing.Bills;
import org.urja.ledger.money.Money;

/**
 * What the chatbot tells a postpaid consumer: the latest bill with its PDF (menu 2) and what is due
 * (menu 3), never a prepaid balance, recharge or recharge link. Reads go through the ledger's Java
 * API.
 */
public final class ChatBills {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
  private final AccountRegistry accounts;
  private final Bills bills;
  private final DocumentLinks links;

  public ChatBills(AccountRegistry accounts, Bills bills, DocumentLinks links) {
    this.accounts = accounts;
    this.bills = bills;
    this.links = links;
  }

  boolean isPostpaid(String accountId) {
    return accounts.find(accountId).map(a -> !a.isPrepaid()).orElse(false);
  }

  /**
   * Menu 2: the latest bill as text, and its PDF as a document; {@code payLink} the utility's
   * payment page, offered while something is unpaid.
   */
  Reply latestBill(String lang, String accountId, Optional<String> payLink) {
    Optional<Bill> latest = bills.latest(accountId);
    if (latest.isEmpty()) {
      return Reply.text(say(lang, "no_bill", accountId));
    }
    Bill b = latest.get();
    String link = links.link(DocumentLinks.BILL, b.billNo());
    String status =
        b.unpaidPaise() == 0
            ? say(lang, "bill_paid")
            : say(lang, "bill_unpaid", Money.ofPaise(owed(accountId)).format())
                + payLink.map(u -> say(lang, "pay_at", u)).orElse("");
    String text =
        say(
            lang,
            "bill",
            b.billNo(),
            DATE.format(b.periodStart()),
            DATE.format(b.periodEnd().minusDays(1)),
            b.kwh().setScale(2, RoundingMode.HALF_UP).toPlainString(),
            Money.ofPaise(b.amountDuePaise()).format(),
            DATE.format(b.dueDate()),
            status,
            link);
    return new Reply(
        text, new Reply.Document(link, b.billNo() + ".pdf", say(lang, "bill_caption", b.billNo())));
  }

  /** Menu 3: the connection is postpaid, and what is due now. */
  String due(String lang, String accountId, Optional<String> payLink) {
    Optional<Bill> latest = bills.latest(accountId);
    long owed = owed(accountId);
    String detail =
        latest
            .filter(b -> b.unpaidPaise() > 0)
            .map(b -> say(lang, "due_by", b.billNo(), DATE.format(b.dueDate())))
            .orElse("");
    String pay = owed > 0 ? payLink.map(u -> say(lang, "pay_at", u)).orElse("") : "";
    return say(lang, "postpaid_due", accountId, Money.ofPaise(owed).format(), detail + pay);
  }

  private long owed(String accountId) {
    return bills.ofAccount(accountId).stream().mapToLong(Bill::unpaidPaise).sum();
  }
}
