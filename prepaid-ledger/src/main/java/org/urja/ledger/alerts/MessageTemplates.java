package org.urja.ledger.alerts;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Message texts in English ("en") and Hindi ("hi"). Placeholders are {name}; amounts arrive already
 * formatted Indian style (₹1,23,456.78) and times in IST. An unknown language falls back to
 * English.
 */
public final class MessageTemplates {

  private static final Map<NotificationKind, String> EN = new EnumMap<>(NotificationKind.class);
  private static final Map<NotificationKind, String> HI = new EnumMap<>(NotificationKind.class);

  static {
    EN.put(
        NotificationKind.BALANCE_LOW,
        // {percent} is the threshold crossed, not the balance's share: "or less" keeps it true
        "Dear consumer, the prepaid balance of account {account} is {balance}, "
            + "{percent}% or less of your last recharge of {lastRecharge}. Please recharge to avoid "
            + "disconnection.{payLinkNote}");
    EN.put(
        NotificationKind.BALANCE_EXHAUSTED,
        "Dear consumer, the prepaid balance of account {account} is {balance}. "
            + "Please recharge now; supply may be disconnected after the grace period.{payLinkNote}");
    EN.put(
        NotificationKind.DAYS_OF_SUPPLY_LOW,
        "Dear consumer, the balance {balance} of account {account} will last "
            + "about {days} day(s) at your usual use. Please recharge.{payLinkNote}");
    EN.put(
        NotificationKind.DISCONNECTION_NOTICE,
        "Dear consumer, account {account} has a balance of {balance}. "
            + "Supply will be disconnected on or after {when} unless you recharge.{payLinkNote}");
    EN.put(
        NotificationKind.DISCONNECTION_TODAY,
        "Dear consumer, supply to account {account} will be disconnected "
            + "today from {when} for a balance of {balance}. Recharge now to keep it on.{payLinkNote}");
    EN.put(
        NotificationKind.DISCONNECTED,
        "Dear consumer, supply to account {account} was disconnected at {when} "
            + "for a balance of {balance}. Recharge to restore it.{payLinkNote}");
    EN.put(
        NotificationKind.RECONNECTED,
        "Dear consumer, supply to account {account} was restored at {when}. "
            + "Balance: {balance}.");
    EN.put(
        NotificationKind.PRESS_BUTTON_TO_RECONNECT,
        "Dear consumer, supply to account {account} is ready to be "
            + "restored. Please press the button on your meter. Balance: {balance}.");
    EN.put(
        NotificationKind.RECHARGE_RECEIPT,
        "Recharge of {amount} received for account {account} on {when}. "
            + "Receipt {receipt}, reference {reference}.{arrearsNote} Balance: {balance}.");

    EN.put(
        NotificationKind.DAILY_SUMMARY,
        "Daily update for account {account}: balance {balance} at {when}; "
            + "yesterday's charges {spent}.{daysLeftNote}");
    EN.put(
        NotificationKind.BILL_ISSUED,
        "Dear consumer, your electricity bill {bill} for account {account} for "
            + "{period} is issued: {units} units, amount due {amount}, due date {dueDate}. Send 2 to our WhatsApp for "
            + "the bill PDF.{payLinkNote}");
    EN.put(
        NotificationKind.BILL_DUE,
        "Dear consumer, bill {bill} of account {account} is due on {dueDate}: {amount} "
            + "is still to pay. A late-payment surcharge applies after the due date.{payLinkNote}");
    EN.put(
        NotificationKind.PAYMENT_RECEIPT,
        "Payment of {amount} received for account {account} on {when}. "
            + "Receipt {receipt}, reference {reference}.{billsNote} Amount still due: {due}.");

    HI.put(
        NotificationKind.BALANCE_LOW,
        "प्रिय उपभोक्ता, खाता {account} का प्रीपेड बैलेंस {balance} है, जो आपके पिछले "
            + "रिचार्ज {lastRecharge} के {percent}% या उससे कम है। कनेक्शन कटने से बचने के लिए कृपया "
            + "रिचार्ज करें।{payLinkNote}");
    HI.put(
        NotificationKind.BALANCE_EXHAUSTED,
        "प्रिय उपभोक्ता, खाता {account} का प्रीपेड बैलेंस {balance} है। कृपया अभी "
            + "रिचार्ज करें; छूट अवधि के बाद बिजली आपूर्ति काटी जा सकती है।{payLinkNote}");
    HI.put(
        NotificationKind.DAYS_OF_SUPPLY_LOW,
        "प्रिय उपभोक्ता, खाता {account} का बैलेंस {balance} आपके सामान्य उपयोग "
            + "पर लगभग {days} दिन चलेगा। कृपया रिचार्ज करें।{payLinkNote}");
    HI.put(
        NotificationKind.DISCONNECTION_NOTICE,
        "प्रिय उपभोक्ता, खाता {account} का बैलेंस {balance} है। रिचार्ज न होने "
            + "पर {when} या उसके बाद बिजली आपूर्ति काट दी जाएगी।{payLinkNote}");
    HI.put(
        NotificationKind.DISCONNECTION_TODAY,
        "प्रिय उपभोक्ता, बैलेंस {balance} होने के कारण खाता {account} की बिजली "
            + "आपूर्ति आज {when} से काटी जाएगी। आपूर्ति जारी रखने के लिए अभी रिचार्ज करें।{payLinkNote}");
    HI.put(
        NotificationKind.DISCONNECTED,
        "प्रिय उपभोक्ता, खाता {account} की बिजली आपूर्ति {when} पर {balance} बैलेंस के "
            + "कारण काट दी गई। आपूर्ति बहाल करने के लिए रिचार्ज करें।{payLinkNote}");
    HI.put(
        NotificationKind.RECONNECTED,
        "प्रिय उपभोक्ता, खाता {account} की बिजली आपूर्ति {when} पर बहाल कर दी गई। "
            + "बैलेंस: {balance}।");
    HI.put(
        NotificationKind.PRESS_BUTTON_TO_RECONNECT,
        "प्रिय उपभोक्ता, खाता {account} की बिजली आपूर्ति बहाल होने के लिए "
            + "तैयार है। कृपया अपने मीटर का बटन दबाएँ। बैलेंस: {balance}।");
    HI.put(
        NotificationKind.RECHARGE_RECEIPT,
        "खाता {account} के लिए {amount} का रिचार्ज {when} पर प्राप्त हुआ। रसीद "
            + "{receipt}, संदर्भ {reference}।{arrearsNote} बैलेंस: {balance}।");
    HI.put(
        NotificationKind.DAILY_SUMMARY,
        "खाता {account} का दैनिक विवरण: {when} पर बैलेंस {balance}; कल के शुल्क "
            + "{spent}।{daysLeftNote}");
    HI.put(
        NotificationKind.BILL_ISSUED,
        "प्रिय उपभोक्ता, खाता {account} का {period} का बिजली बिल {bill} जारी हो गया है: "
            + "{units} यूनिट, देय राशि {amount}, नियत तिथि {dueDate}। बिल की PDF के लिए हमारे WhatsApp पर 2 भेजें।{payLinkNote}");
    HI.put(
        NotificationKind.BILL_DUE,
        "प्रिय उपभोक्ता, खाता {account} का बिल {bill} {dueDate} को देय है: {amount} का "
            + "भुगतान शेष है। नियत तिथि के बाद विलंब भुगतान अधिभार लगेगा।{payLinkNote}");
    HI.put(
        NotificationKind.PAYMENT_RECEIPT,
        "खाता {account} के लिए {amount} का भुगतान {when} पर प्राप्त हुआ। रसीद "
            + "{receipt}, संदर्भ {reference}।{billsNote} शेष देय राशि: {due}।");
  }

  // events both modes live through, and reversals: worded for the audience of their kind
  static {
    EN.put(
        NotificationKind.RECHARGE_REVERSED,
        "Dear consumer, your recharge of {amount} for account {account} (receipt {receipt}, "
            + "reference {reference}) was reversed on {when}. Balance: {balance}.");
    EN.put(
        NotificationKind.PAYMENT_REVERSED,
        "Dear consumer, your payment of {amount} for account {account} (receipt {receipt}, "
            + "reference {reference}) was reversed on {when}.{billsDueAgainNote} Amount due: {due}.");
    EN.put(
        NotificationKind.SUPPLY_DISCONNECTED,
        "Dear consumer, supply to account {account} was disconnected at {when}. "
            + "Please contact your electricity office for details.");
    EN.put(
        NotificationKind.SUPPLY_RECONNECTED,
        "Dear consumer, supply to account {account} was restored at {when}.");
    EN.put(
        NotificationKind.SUPPLY_READY_TO_RECONNECT,
        "Dear consumer, supply to account {account} is ready to be restored. "
            + "Please press the button on your meter.");
    EN.put(
        NotificationKind.COMPLAINT_REGISTERED,
        "Dear consumer, your complaint {complaint} ({category}) for account {account} "
            + "has been registered.");
    EN.put(
        NotificationKind.COMPLAINT_STATUS_CHANGED,
        "Dear consumer, your complaint {complaint} for account {account} is now: {status}.");
    EN.put(
        NotificationKind.COMPLAINT_RESOLVED,
        "Dear consumer, your complaint {complaint} for account {account} has been "
            + "resolved.{resolutionNote}");
    EN.put(
        NotificationKind.OUTAGE_OPENED,
        "Dear consumer, power supply on feeder {feeder}, which serves account {account}, is "
            + "interrupted since {when}. We are restoring it; no complaint is needed.");
    EN.put(
        NotificationKind.OUTAGE_RESTORED,
        "Dear consumer, power supply on feeder {feeder}, which serves account {account}, "
            + "was restored at {when}.");

    HI.put(
        NotificationKind.RECHARGE_REVERSED,
        "प्रिय उपभोक्ता, खाता {account} के लिए {amount} का आपका रिचार्ज (रसीद {receipt}, "
            + "संदर्भ {reference}) {when} पर वापस ले लिया गया। बैलेंस: {balance}।");
    HI.put(
        NotificationKind.PAYMENT_REVERSED,
        "प्रिय उपभोक्ता, खाता {account} के लिए {amount} का आपका भुगतान (रसीद {receipt}, "
            + "संदर्भ {reference}) {when} पर वापस ले लिया गया।{billsDueAgainNote} देय राशि: {due}।");
    HI.put(
        NotificationKind.SUPPLY_DISCONNECTED,
        "प्रिय उपभोक्ता, खाता {account} की बिजली आपूर्ति {when} पर काट दी गई। "
            + "जानकारी के लिए कृपया अपने बिजली कार्यालय से संपर्क करें।");
    HI.put(
        NotificationKind.SUPPLY_RECONNECTED,
        "प्रिय उपभोक्ता, खाता {account} की बिजली आपूर्ति {when} पर बहाल कर दी गई।");
    HI.put(
        NotificationKind.SUPPLY_READY_TO_RECONNECT,
        "प्रिय उपभोक्ता, खाता {account} की बिजली आपूर्ति बहाल होने के लिए तैयार है। "
            + "कृपया अपने मीटर का बटन दबाएँ।");
    HI.put(
        NotificationKind.COMPLAINT_REGISTERED,
        "प्रिय उपभोक्ता, खाता {account} के लिए आपकी शिकायत {complaint} ({category}) "
            + "दर्ज हो गई है।");
    HI.put(
        NotificationKind.COMPLAINT_STATUS_CHANGED,
        "प्रिय उपभोक्ता, खाता {account} की आपकी शिकायत {complaint} की स्थिति अब: {status}।");
    HI.put(
        NotificationKind.COMPLAINT_RESOLVED,
        "प्रिय उपभोक्ता, खाता {account} की आपकी शिकायत {complaint} का समाधान हो गया है।"
            + "{resolutionNote}");
    HI.put(
        NotificationKind.OUTAGE_OPENED,
        "प्रिय उपभोक्ता, खाता {account} को बिजली देने वाले फीडर {feeder} पर {when} से आपूर्ति "
            + "बाधित है। हम इसे बहाल कर रहे हैं; शिकायत दर्ज करने की आवश्यकता नहीं है।");
    HI.put(
        NotificationKind.OUTAGE_RESTORED,
        "प्रिय उपभोक्ता, खाता {account} को बिजली देने वाले फीडर {feeder} पर आपूर्ति {when} "
            + "पर बहाल हो गई।");
  }

  private static final Map<String, String> EN_EVENT_FRAGMENTS =
      Map.of(
          "billsDueAgainNote", " Bill {bills} is due again.",
          "resolutionNote", " Resolution: {resolution}.");

  private static final Map<String, String> HI_EVENT_FRAGMENTS =
      Map.of(
          "billsDueAgainNote", " बिल {bills} फिर से देय है।",
          "resolutionNote", " समाधान: {resolution}।");

  /**
   * Sentences a message carries only when it has their figures: {@code {name}} in a template
   * becomes the fragment when every placeholder of the fragment is among the parameters, and
   * nothing otherwise.
   */
  private static final Map<String, String> EN_FRAGMENTS =
      Map.of(
          "arrearsNote",
              " {arrearsRecovered} of it went towards your arrears; {arrearsOutstanding} of arrears remain.",
          "daysLeftNote", " About {days} days of supply left at your usual use.",
          "billsNote", " Paid towards bill {bills}.",
          "payLinkNote", " Pay online: {payLink}");

  private static final Map<String, String> HI_FRAGMENTS =
      Map.of(
          "arrearsNote",
              " इसमें से {arrearsRecovered} आपके बकाया में समायोजित किए गए; {arrearsOutstanding} बकाया शेष है।",
          "daysLeftNote", " सामान्य उपयोग पर लगभग {days} दिन की बिजली शेष।",
          "billsNote", " बिल {bills} के लिए समायोजित।",
          "payLinkNote", " ऑनलाइन भुगतान: {payLink}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

  private MessageTemplates() {}

  public static String render(NotificationKind kind, String language, Map<String, String> params) {
    String text = ("hi".equals(language) ? HI : EN).get(kind);
    Map<String, String> fragments =
        new java.util.HashMap<>("hi".equals(language) ? HI_FRAGMENTS : EN_FRAGMENTS);
    fragments.putAll("hi".equals(language) ? HI_EVENT_FRAGMENTS : EN_EVENT_FRAGMENTS);
    for (Map.Entry<String, String> f : fragments.entrySet()) {
      boolean complete =
          PLACEHOLDER.matcher(f.getValue()).results().allMatch(m -> params.containsKey(m.group(1)));
      text = text.replace("{" + f.getKey() + "}", complete ? f.getValue() : "");
    }
    for (Map.Entry<String, String> p : params.entrySet()) {
      text = text.replace("{" + p.getKey() + "}", p.getValue());
    }
    return text;
  }

  public static String languageOrDefault(String language, String utilityDefault) {
    String chosen = language == null ? utilityDefault : language;
    return "hi".equals(chosen) ? "hi" : "en";
  }
}
