package org.urja.headend.documents;

import static org.urja.headend.documents.DocumentTexts.say;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.urja.ledger.billing.Bill;
import org.urja.ledger.billing.BillLine;
import org.urja.ledger.money.Money;

/** A postpaid bill as a one-page PDF in the consumer's language (Hindi or English). */
public final class BillPdf {

  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
  private static final float[] COLUMNS = {
    PdfSheet.MARGIN, 300, -440, -(PdfSheet.WIDTH - PdfSheet.MARGIN)
  };
  private final ZoneId zone;

  public BillPdf(ZoneId zone) {
    this.zone = zone;
  }

  public byte[] render(Bill b, String language) {
    try (PdfSheet s = new PdfSheet(b.billNo())) {
      s.line(b.utilityName(), 16, true).line(say(language, "bill_title"), 13, true).rule().gap(4);
      s.field(say(language, "bill_no"), b.billNo())
          .field(say(language, "consumer"), b.consumerName())
          .field(say(language, "account"), b.accountId())
          .field(say(language, "meter"), b.meterSerial())
          .field(
              say(language, "period"),
              DATE.format(b.periodStart()) + " – " + DATE.format(b.periodEnd().minusDays(1)))
          .field(say(language, "issued"), DATE.format(b.issuedAt().atZone(zone)))
          .field(say(language, "tariff"), b.tariffCode())
          .gap(6)
          .field(
              say(language, "opening"),
              kwh(b.openingWh()) + " kWh  (" + DATE.format(b.openingAt().atZone(zone)) + ")")
          .field(
              say(language, "closing"),
              kwh(b.closingWh()) + " kWh  (" + DATE.format(b.closingAt().atZone(zone)) + ")")
          .field(say(language, "units"), units(b.kwh()) + " kWh");
      if (b.estimated()) {
        s.line(say(language, "estimated"), 10, true);
      }
      s.gap(6)
          .rule()
          .row(
              10.5f,
              true,
              COLUMNS,
              say(language, "col_item"),
              say(language, "col_quantity"),
              say(language, "col_rate"),
              say(language, "col_amount"));
      for (BillLine l : b.lines()) {
        s.row(
            10.5f,
            false,
            COLUMNS,
            describe(l, language),
            quantity(l, language),
            rate(l, language),
            money(l.amountPaise()));
      }
      s.rule();
      float[] totals = {PdfSheet.MARGIN, -(PdfSheet.WIDTH - PdfSheet.MARGIN)};
      s.row(10.5f, false, totals, say(language, "current"), money(b.currentChargesPaise()));
      if (b.latePaymentPaise() > 0) {
        s.row(10.5f, false, totals, say(language, "late"), money(b.latePaymentPaise()));
      }
      if (b.arrearsPaise() > 0) {
        s.row(10.5f, false, totals, say(language, "arrears"), money(b.arrearsPaise()));
      }
      if (b.advancePaise() > 0) {
        s.row(10.5f, false, totals, say(language, "advance"), "− " + money(b.advancePaise()));
      }
      s.row(13, true, totals, say(language, "amount_due"), money(b.amountDuePaise()))
          .row(13, true, totals, say(language, "due_date"), DATE.format(b.dueDate()))
          .gap(10)
          .line(say(language, "late_note"), 9.5f, false)
          .line(say(language, "footer"), 8.5f, false);
      return s.finish();
    }
  }

  private static String describe(BillLine l, String language) {
    return switch (l.kind()) {
      case BillLine.ENERGY ->
          l.toKwh() == null
              ? say(language, "line_energy_open", edge(l.fromKwh()))
              : say(language, "line_energy", edge(l.fromKwh()), edge(l.toKwh()));
      case BillLine.TIME_OF_DAY -> say(language, "line_tod");
      case BillLine.FIXED -> say(language, "line_fixed");
      case BillLine.DUTY -> say(language, "line_duty");
      case BillLine.LATE_PAYMENT -> say(language, "line_late", l.reference());
      default -> l.kind();
    };
  }

  private static String quantity(BillLine l, String language) {
    return switch (l.kind()) {
      case BillLine.ENERGY -> units(l.quantity()) + " kWh";
      case BillLine.FIXED -> say(language, "kw_days", units(l.quantity()));
      case BillLine.DUTY, BillLine.LATE_PAYMENT -> money(l.quantity().longValueExact());
      default -> "";
    };
  }

  private static String rate(BillLine l, String language) {
    return switch (l.kind()) {
      case BillLine.ENERGY -> rupees(l.rate()) + "/kWh";
      case BillLine.FIXED -> rupees(l.rate()) + say(language, "per_kw_day");
      case BillLine.DUTY, BillLine.LATE_PAYMENT ->
          l.rate().stripTrailingZeros().toPlainString() + " %";
      default -> "";
    };
  }

  /**
   * A rate in paise shown in rupees (₹3.35), keeping fractions of a paisa when the tariff has them.
   */
  private static String rupees(BigDecimal paise) {
    BigDecimal r = paise.movePointLeft(2).stripTrailingZeros();
    return "₹" + r.setScale(Math.max(2, r.scale()), RoundingMode.UNNECESSARY).toPlainString();
  }

  static String money(long paise) {
    return Money.ofPaise(paise).format();
  }

  /** A slab edge as the tariff states it (100, 150.5). */
  private static String edge(BigDecimal kwh) {
    return kwh.stripTrailingZeros().toPlainString();
  }

  private static String kwh(BigDecimal wh) {
    return units(wh.movePointLeft(3));
  }

  private static String units(BigDecimal kwh) {
    return kwh.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
