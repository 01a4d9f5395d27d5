package org.urja.headend.documents;

import static org.urja.headend.documents.BillPdf.money;
import static org.urja.headend.documents.DocumentTexts.say;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.urja.ledger.account.Account;
import org.urja.ledger.billing.Bills;
import org.urja.ledger.payment.Receipt;

/**
 * A payment receipt as a one-page PDF. A postpaid receipt names the bills the payment settled and
 * what is still due; a prepaid one shows the balance after the recharge. Each speaks only its own
 * mode's words.
 */
public final class ReceiptPdf {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");
  private final ZoneId zone;

  public ReceiptPdf(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * @param settled the bills the payment went to (postpaid); {@code stillDuePaise} what the account
   *     owes now
   */
  public byte[] render(
      String utilityName,
      Account account,
      Receipt r,
      List<Bills.Settled> settled,
      long stillDuePaise,
      String language) {
    try (PdfSheet s = new PdfSheet(r.receiptNumber())) {
      s.line(utilityName, 16, true).line(say(language, "receipt_title"), 13, true).rule().gap(4);
      s.field(say(language, "receipt_no"), r.receiptNumber())
          .field(say(language, "consumer"), account.consumerName())
          .field(say(language, "account"), account.accountId())
          .field(say(language, "reference"), r.gatewayReference())
          .field(say(language, "paid_on"), TIME.format(r.receivedAt().atZone(zone)))
          .field(say(language, "channel"), r.channel())
          .field(
              say(language, "status"),
              say(language, "reversed".equals(r.status()) ? "status_reversed" : "status_credited"))
          .gap(6)
          .rule();
      float[] totals = {PdfSheet.MARGIN, -(PdfSheet.WIDTH - PdfSheet.MARGIN)};
      s.row(13, true, totals, say(language, "amount_paid"), money(r.amountPaise()));
      if (account.isPrepaid()) {
        s.row(10.5f, false, totals, say(language, "balance_after"), money(r.balanceAfterPaise()));
      } else {
        for (Bills.Settled b : settled) {
          s.row(
              10.5f,
              false,
              totals,
              say(language, "towards_bill", b.billNo()),
              money(b.amountPaise()));
        }
        s.row(10.5f, false, totals, say(language, "still_due"), money(stillDuePaise));
      }
      s.gap(10).line(say(language, "footer"), 8.5f, false);
      return s.finish();
    }
  }
}
