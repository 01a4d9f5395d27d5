package org.urja.headend.chatbot;

import java.util.Map;

/** Everything the chatbot says, in English and Hindi. */
final class ChatTexts {
  private static final Map<String, String[]> TEXTS =
      Map.ofEntries(
          Map.entry(
              "menu",
              new String[] {
                "Welcome to Urja electricity self-service. Reply with a number:\n1 Link account\n2 Last bill / payment\n"
                    + "3 Balance / amount due\n4 Register complaint\n5 Track complaint\n6 Contact us\n(Type HINDI for हिंदी)",
                "उर्जा बिजली स्वयं-सेवा में आपका स्वागत है। एक नंबर भेजें:\n1 खाता जोड़ें\n2 पिछला बिल / भुगतान\n"
                    + "3 बैलेंस / देय राशि\n4 शिकायत दर्ज करें\n5 शिकायत की स्थिति\n6 संपर्क करें\n(Type ENGLISH for English)"
              }),
          Map.entry(
              "ask_account",
              new String[] {
                "Please send your account ID as printed on your bill, or a registered mobile number to see every connection on it.",
                "कृपया अपने बिल पर छपा खाता नंबर भेजें, या उस पर पंजीकृत सभी कनेक्शन देखने के लिए पंजीकृत मोबाइल नंबर भेजें।"
              }),
          Map.entry(
              "connections",
              new String[] {
                "Your connections:%s\nReply with a number to choose the one 2, 3, 4 and 5 answer for, "
                    + "or send another account ID as printed on your bill to link it.",
                "आपके कनेक्शन:%s\n2, 3, 4 और 5 किस कनेक्शन के लिए हों, उसका नंबर भेजें, "
                    + "या कोई और कनेक्शन जोड़ने के लिए बिल पर छपा खाता नंबर भेजें।"
              }),
          Map.entry(
              "chosen",
              new String[] {
                "Account %s chosen: 2, 3, 4 and 5 now answer for it. Reply 1 to choose another.",
                "खाता %s चुना गया: 2, 3, 4 और 5 अब इसी के लिए हैं। दूसरा चुनने के लिए 1 भेजें।"
              }),
          Map.entry(
              "otp_sent_mobile",
              new String[] {
                "If a connection is registered with mobile %s, we have sent a 6-digit code to it."
                    + " Please send the code here to see its connections. No code? Send the"
                    + " account number on your bill instead.",
                "यदि मोबाइल %s पर कोई कनेक्शन पंजीकृत है, तो हमने उस पर 6 अंकों का कोड भेजा है।"
                    + " उसके कनेक्शन देखने के लिए कृपया कोड यहाँ भेजें। कोड न आए तो अपने बिल पर"
                    + " लिखा खाता नंबर भेजें।"
              }),
          Map.entry(
              "otp_wrong",
              new String[] {
                "%s Send the code again, or Hi for the menu.",
                "%s कोड फिर से भेजें, या मेनू के लिए Hi भेजें।"
              }),
          Map.entry(
              "need_choice",
              new String[] {
                "Several connections are linked to this number: reply 1 to choose one.",
                "इस नंबर से कई कनेक्शन जुड़े हैं: एक चुनने के लिए 1 भेजें।"
              }),
          Map.entry(
              "linked",
              new String[] {
                "Account %s is now linked to this number. Reply 3 for your balance or Hi for the menu.",
                "खाता %s इस नंबर से जुड़ गया है। बैलेंस के लिए 3 या मेनू के लिए Hi भेजें।"
              }),
          Map.entry(
              "linked_postpaid",
              new String[] {
                "Account %s is now linked to this number. It is a postpaid connection: reply 2 for your latest bill, "
                    + "3 for the amount due, or Hi for the menu.",
                "खाता %s इस नंबर से जुड़ गया है। यह पोस्टपेड कनेक्शन है: नवीनतम बिल के लिए 2, देय राशि के लिए 3 या मेनू के लिए Hi भेजें।"
              }),
          Map.entry(
              "bill",
              new String[] {
                "Bill %s for %s to %s: %s units, amount due %s, due date %s. %s Bill PDF: %s",
                "बिल %s (%s से %s): %s यूनिट, देय राशि %s, नियत तिथि %s। %s बिल PDF: %s"
              }),
          Map.entry(
              "bill_paid",
              new String[] {"Paid in full, thank you.", "पूरा भुगतान हो चुका है, धन्यवाद।"}),
          Map.entry("bill_unpaid", new String[] {"Still to pay: %s.", "भुगतान शेष: %s।"}),
          Map.entry("bill_caption", new String[] {"Electricity bill %s", "बिजली बिल %s"}),
          Map.entry(
              "no_bill",
              new String[] {
                "No bill has been issued yet for account %s. It is a postpaid connection: a bill is made after each month ends.",
                "खाता %s का अभी तक कोई बिल जारी नहीं हुआ है। यह पोस्टपेड कनेक्शन है: हर महीने के अंत के बाद बिल बनता है।"
              }),
          Map.entry(
              "postpaid_due",
              new String[] {
                "Account %s is a postpaid connection, billed monthly. Amount due now: %s.%s",
                "खाता %s पोस्टपेड कनेक्शन है, जिसका बिल मासिक बनता है। अभी देय राशि: %s।%s"
              }),
          Map.entry(
              "due_by", new String[] {" Bill %s is due on %s.", " बिल %s की नियत तिथि %s है।"}),
          Map.entry(
              "otp_sent",
              new String[] {
                "We sent a 6-digit code to the mobile number registered on account %s (%s). Please send the code here.",
                "हमने खाता %s पर पंजीकृत मोबाइल नंबर (%s) पर 6 अंकों का कोड भेजा है। कृपया कोड यहाँ भेजें।"
              }),
          Map.entry(
              "need_link",
              new String[] {
                "First link your account: reply 1.", "पहले अपना खाता जोड़ें: 1 भेजें।"
              }),
          Map.entry(
              "balance",
              new String[] {
                "Account %s: prepaid balance %s as of %s.%s",
                "खाता %s: प्रीपेड बैलेंस %s (%s तक)।%s"
              }),
          Map.entry(
              "arrears_left",
              new String[] {
                " Arrears still due: %s, recovered from your recharges.",
                " बकाया राशि %s शेष है, जो आपके रिचार्ज से समायोजित होगी।"
              }),
          Map.entry(
              "days_left",
              new String[] {" About %d days of supply left.", " लगभग %d दिन की बिजली शेष।"}),
          Map.entry(
              "last_recharge",
              new String[] {
                "Last recharge on account %s: %s on %s, receipt %s.%s",
                "खाता %s का पिछला रिचार्ज: %s, %s को, रसीद %s।%s"
              }),
          Map.entry(
              "no_recharge",
              new String[] {
                "No recharge yet on account %s.%s", "खाता %s पर अभी तक कोई रिचार्ज नहीं।%s"
              }),
          Map.entry(
              "ask_category",
              new String[] {
                "What is the complaint about? Reply with a number:\n1 %s\n2 %s\n3 %s\n4 %s",
                "शिकायत किस बारे में है? एक नंबर भेजें:\n1 %s\n2 %s\n3 %s\n4 %s"
              }),
          Map.entry(
              "complaint_registered",
              new String[] {
                "Complaint %s registered (%s). Reply 5 to track it.",
                "शिकायत %s दर्ज की गई (%s)। स्थिति जानने के लिए 5 भेजें।"
              }),
          Map.entry(
              "outage_known",
              new String[] {
                "There is a known power outage on your feeder (%s) since %s; our team is restoring supply. No separate complaint is needed.",
                "आपके फीडर (%s) पर %s से बिजली बाधित है; हमारी टीम आपूर्ति बहाल कर रही है। अलग से शिकायत की आवश्यकता नहीं है।"
              }),
          Map.entry(
              "ask_complaint_number",
              new String[] {
                "Please send the complaint number (for example %s-C00000001).",
                "कृपया शिकायत नंबर भेजें (जैसे %s-C00000001)।"
              }),
          Map.entry(
              "complaint_status",
              new String[] {
                "Complaint %s (%s): %s, registered %s.", "शिकायत %s (%s): %s, दर्ज %s।"
              }),
          Map.entry(
              "complaint_unknown",
              new String[] {
                "No complaint %s was found on your linked account. Check the number and send it again, or Hi for the menu.",
                "आपके जुड़े खाते पर शिकायत %s नहीं मिली। नंबर जाँच कर फिर भेजें, या मेनू के लिए Hi भेजें।"
              }),
          Map.entry("contact", new String[] {"Contact us: %s", "संपर्क करें: %s"}),
          Map.entry("contact_utility", new String[] {"Contact %s:\n%s", "%s से संपर्क करें:\n%s"}),
          Map.entry("recharge_at", new String[] {" Recharge: %s", " रिचार्ज करें: %s"}),
          Map.entry("pay_at", new String[] {" Pay: %s", " भुगतान करें: %s"}),
          Map.entry(
              "not_understood",
              new String[] {
                "Sorry, I did not understand that. Reply with a number from 1 to 6, or Hi for the menu.",
                "क्षमा करें, मैं समझ नहीं पाया। 1 से 6 तक कोई नंबर भेजें, या मेनू के लिए Hi भेजें।"
              }),
          Map.entry(
              "text_only",
              new String[] {
                "Please send a text message. Reply Hi for the menu.",
                "कृपया टेक्स्ट संदेश भेजें। मेनू के लिए Hi भेजें।"
              }),
          Map.entry(
              "error", new String[] {"%s Reply Hi for the menu.", "%s मेनू के लिए Hi भेजें।"}));

  private ChatTexts() {}

  static String say(String language, String key, Object... args) {
    String[] t = TEXTS.get(key);
    return String.format(t["hi".equals(language) ? 1 : 0], args);
  }
}
