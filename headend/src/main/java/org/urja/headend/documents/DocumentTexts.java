package org.urja.headend.documents;

import java.util.Map;

/** The words on bills and receipts, in English and Hindi (any other language gets English). */
final class DocumentTexts {

  private static final Map<String, String[]> TEXTS =
      Map.ofEntries(
          Map.entry("bill_title", new String[] {"Electricity bill", "बिजली बिल"}),
          Map.entry("receipt_title", new String[] {"Payment receipt", "भुगतान रसीद"}),
          Map.entry("bill_no", new String[] {"Bill number", "बिल संख्या"}),
          Map.entry("consumer", new String[] {"Consumer", "उपभोक्ता"}),
          Map.entry("account", new String[] {"Consumer number", "उपभोक्ता संख्या"}),
          Map.entry("meter", new String[] {"Meter serial", "मीटर संख्या"}),
          Map.entry("period", new String[] {"Billing period", "बिलिंग अवधि"}),
          Map.entry("issued", new String[] {"Bill date", "बिल तिथि"}),
          Map.entry("tariff", new String[] {"Tariff", "टैरिफ"}),
          Map.entry("opening", new String[] {"Opening reading", "प्रारंभिक रीडिंग"}),
          Map.entry("closing", new String[] {"Closing reading", "अंतिम रीडिंग"}),
          Map.entry("units", new String[] {"Units consumed", "खपत यूनिट"}),
          Map.entry(
              "estimated",
              new String[] {
                "Estimated: a reading was not available at the period's boundary",
                "अनुमानित: अवधि की सीमा पर रीडिंग उपलब्ध नहीं थी"
              }),
          Map.entry("col_item", new String[] {"Charge", "विवरण"}),
          Map.entry("col_quantity", new String[] {"Quantity", "मात्रा"}),
          Map.entry("col_rate", new String[] {"Rate", "दर"}),
          Map.entry("col_amount", new String[] {"Amount", "राशि"}),
          Map.entry(
              "line_energy", new String[] {"Energy charge %s–%s units", "ऊर्जा शुल्क %s–%s यूनिट"}),
          Map.entry(
              "line_energy_open",
              new String[] {"Energy charge above %s units", "ऊर्जा शुल्क %s यूनिट से ऊपर"}),
          Map.entry(
              "line_tod", new String[] {"Time-of-day adjustment", "समय-आधारित (ToD) समायोजन"}),
          Map.entry("line_fixed", new String[] {"Fixed charge", "स्थायी शुल्क"}),
          Map.entry("line_duty", new String[] {"Electricity duty", "विद्युत शुल्क (ड्यूटी)"}),
          Map.entry(
              "line_late",
              new String[] {"Late-payment surcharge, bill %s", "विलंब भुगतान अधिभार, बिल %s"}),
          Map.entry("per_kw_day", new String[] {"/kW/day", "/kW/दिन"}),
          Map.entry("kw_days", new String[] {"%s kW·days", "%s kW·दिन"}),
          Map.entry("current", new String[] {"Current charges", "वर्तमान शुल्क"}),
          Map.entry(
              "arrears", new String[] {"Arrears (unpaid earlier bills)", "बकाया (पिछले बिल)"}),
          Map.entry("advance", new String[] {"Advance / credit", "अग्रिम / जमा"}),
          Map.entry("late", new String[] {"Late-payment surcharge", "विलंब भुगतान अधिभार"}),
          Map.entry("amount_due", new String[] {"Amount due", "देय राशि"}),
          Map.entry("due_date", new String[] {"Due date", "नियत तिथि"}),
          Map.entry(
              "late_note",
              new String[] {
                "Pay by the due date to avoid a late-payment surcharge.",
                "विलंब भुगतान अधिभार से बचने के लिए नियत तिथि तक भुगतान करें।"
              }),
          Map.entry("receipt_no", new String[] {"Receipt number", "रसीद संख्या"}),
          Map.entry("reference", new String[] {"Payment reference", "भुगतान संदर्भ"}),
          Map.entry("paid_on", new String[] {"Received on", "प्राप्ति तिथि"}),
          Map.entry("channel", new String[] {"Paid through", "भुगतान माध्यम"}),
          Map.entry("amount_paid", new String[] {"Amount received", "प्राप्त राशि"}),
          Map.entry("status", new String[] {"Status", "स्थिति"}),
          Map.entry("status_credited", new String[] {"Received", "प्राप्त"}),
          Map.entry("status_reversed", new String[] {"Reversed", "वापस लिया गया"}),
          Map.entry("towards_bill", new String[] {"Towards bill %s", "बिल %s के लिए"}),
          Map.entry("still_due", new String[] {"Amount still due", "शेष देय राशि"}),
          Map.entry(
              "balance_after",
              new String[] {
                "Prepaid balance after this recharge", "इस रिचार्ज के बाद प्रीपेड बैलेंस"
              }),
          Map.entry(
              "footer",
              new String[] {
                "Computer-generated document; no signature required.",
                "कंप्यूटर द्वारा जनित दस्तावेज़; हस्ताक्षर की आवश्यकता नहीं।"
              }));

  private DocumentTexts() {}

  static String say(String language, String key, Object... args) {
    String[] t = TEXTS.get(key);
    return String.format(t["hi".equals(language) ? 1 : 0], args);
  }
}
