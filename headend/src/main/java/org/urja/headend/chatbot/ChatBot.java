package org.urja.headend.chatbot;

import static org.urja.headend.chatbot.ChatTexts.say;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Rows;
import org.urja.headend.api.accounts.AccountsApi;
import org.urja.headend.selfcare.ComplaintCategory;
import org.urja.headend.selfcare.Complaints;
import org.urja.headend.selfcare.PaymentLinks;
import org.urja.headend.selfcare.SelfService;
import org.urja.headend.selfcare.UtilityContacts;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.money.Money;

/**
 * The WhatsApp conversation: "Hi" gives the numbered menu, each item either answers at once or
 * moves the conversation to a step that waits for the next message. Whatever arrives in a step it
 * cannot use gets a gentle pointer back to the menu, never an error.
 */
public final class ChatBot {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm z", Locale.ENGLISH);
  private final Conversations conversations;
  private final Rows rows;
  private final ChatLinking linking;
  private final Complaints complaints;
  private final AccountsApi accounts;
  private final PaymentLinks payments;
  private final UtilityContacts contacts;
  private final ZoneId zone;
  private final ChatBills bills;

  public ChatBot(
      Rows rows,
      SelfService self,
      AccountRegistry registry,
      Complaints complaints,
      AccountsApi accounts,
      ZoneId zone,
      ChatBills bills) {
    this.bills = bills;
    this.conversations = new Conversations(rows);
    this.rows = rows;
    this.linking = new ChatLinking(conversations, self, registry);
    this.complaints = complaints;
    this.accounts = accounts;
    this.payments = self.payments();
    this.contacts = self.contacts();
    this.zone = zone;
  }

  Conversations conversations() {
    return conversations;
  }

  /**
   * The reply to one text from {@code phone} (digits only, as WhatsApp gives it); null text means a
   * non-text message.
   */
  public String reply(String phone, String text) {
    return respond(phone, text).text();
  }

  /**
   * The reply with any document that goes with it. A postpaid consumer's "2" is the latest bill
   * with its PDF, "3" what is due: the prepaid answers (recharge, balance) are never theirs.
   */
  public Reply respond(String phone, String text) {
    Conversation c = conversations.load(phone);
    String t = text == null ? "" : text.trim();
    if (!awaiting(c.state()) && (t.equals("2") || t.equals("3"))) {
      Optional<String> postpaid = linked(c).filter(bills::isPostpaid);
      if (postpaid.isPresent()) {
        Optional<String> pay = payments.url(postpaid.get());
        return t.equals("2")
            ? bills.latestBill(c.language(), postpaid.get(), pay)
            : Reply.text(bills.due(c.language(), postpaid.get(), pay));
      }
    }
    return Reply.text(answer(c, phone, text));
  }

  private static boolean awaiting(String state) {
    return Conversation.AWAIT_ACCOUNT.equals(state)
        || Conversation.AWAIT_OTP.equals(state)
        || Conversation.AWAIT_CATEGORY.equals(state)
        || Conversation.AWAIT_COMPLAINT_NUMBER.equals(state);
  }

  private String answer(Conversation c, String phone, String text) {
    if (text == null) {
      return say(c.language(), "text_only");
    }
    String t = text.trim();
    String word = t.toLowerCase(Locale.ROOT);
    if (word.equals("hindi") || word.equals("हिंदी") || word.equals("हिन्दी")) {
      return menu(c.inLanguage("hi"));
    }
    if (word.equals("english")) {
      return menu(c.inLanguage("en"));
    }
    if (word.matches("hi+|hello|hey|menu|start|नमस्ते|0")) {
      return menu(c);
    }
    try {
      return switch (c.state()) {
        case Conversation.AWAIT_ACCOUNT -> linking.account(c, t);
        case Conversation.AWAIT_OTP -> linking.otp(c, t);
        case Conversation.AWAIT_CATEGORY -> category(c, t);
        case Conversation.AWAIT_COMPLAINT_NUMBER -> track(c, t);
        default -> menuChoice(c, t);
      };
    } catch (ApiError e) {
      conversations.save(c.to(Conversation.MENU));
      return say(c.language(), "error", e.getMessage());
    }
  }

  private String menu(Conversation c) {
    conversations.save(c.to(Conversation.MENU));
    return say(c.language(), "menu");
  }

  private String menuChoice(Conversation c, String t) {
    String lang = c.language();
    switch (t) {
      case "1" -> {
        return linking.start(c);
      }
      case "2" -> {
        return linked(c).map(a -> lastRecharge(lang, a)).orElseGet(() -> linking.needLink(c));
      }
      case "3" -> {
        return linked(c).map(a -> balance(lang, a)).orElseGet(() -> linking.needLink(c));
      }
      case "4" -> {
        if (linked(c).isEmpty()) {
          return linking.needLink(c);
        }
        conversations.save(c.linkedTo(linked(c).get()).to(Conversation.AWAIT_CATEGORY));
        boolean hi = "hi".equals(lang);
        ComplaintCategory[] cs = ComplaintCategory.values();
        return say(
            lang,
            "ask_category",
            cs[0].label(hi),
            cs[1].label(hi),
            cs[2].label(hi),
            cs[3].label(hi));
      }
      case "5" -> {
        Optional<String> account = linked(c);
        if (account.isEmpty()) {
          return linking.needLink(c);
        }
        conversations.save(c.linkedTo(account.get()).to(Conversation.AWAIT_COMPLAINT_NUMBER));
        return say(lang, "ask_complaint_number", contacts.ofAccount(account.get()).utilityId());
      }
      case "6" -> {
        return linked(c)
            .map(a -> contact(lang, a))
            .orElseGet(() -> say(lang, "contact", contacts.nodeDefault()));
      }
      default -> {
        return say(lang, "not_understood");
      }
    }
  }

  /** The connection 2–6 answer for: the one chosen after "1", or the only one linked. */
  private Optional<String> linked(Conversation c) {
    return linking.current(c);
  }

  /** "6": the contact details the connection's own utility publishes. */
  private String contact(String lang, String accountId) {
    UtilityContacts.Contact k = contacts.ofAccount(accountId);
    return say(lang, "contact_utility", k.name(), String.join("\n", k.lines("hi".equals(lang))));
  }

  private String category(Conversation c, String t) {
    ComplaintCategory[] cs = ComplaintCategory.values();
    if (!t.matches("[1-4]")) {
      return say(c.language(), "not_understood");
    }
    ComplaintCategory cat = cs[Integer.parseInt(t) - 1];
    Complaints.Registration r = complaints.register(c.accountId(), cat, "via WhatsApp", "whatsapp");
    conversations.save(c.to(Conversation.MENU));
    if (r.isOutage()) {
      return say(
          c.language(),
          "outage_known",
          r.outage().get("feeder"),
          time((Instant) r.outage().get("firstEventAt")));
    }
    return say(
        c.language(),
        "complaint_registered",
        r.complaint().get("complaintNumber"),
        cat.label("hi".equals(c.language())));
  }

  private String track(Conversation c, String t) {
    String number = t.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    Optional<Map<String, Object>> found =
        complaints.find(number).filter(x -> linking.isLinked(c, (String) x.get("accountId")));
    conversations.save(c.to(Conversation.MENU));
    if (found.isEmpty()) {
      return say(c.language(), "complaint_unknown", number);
    }
    Map<String, Object> x = found.get();
    return say(
        c.language(),
        "complaint_status",
        number,
        x.get("category"),
        x.get("status"),
        time((Instant) x.get("createdAt")));
  }

  private String balance(String lang, String accountId) {
    Map<String, Object> b = accounts.balance(accountId);
    String money = Money.ofPaise(((Number) b.get("balancePaise")).longValue()).format();
    Object at = b.get("balanceAt");
    Object days = b.get("daysOfSupplyLeft");
    String left = days == null ? "" : say(lang, "days_left", (long) Math.floor((Double) days));
    long arrears = ((Number) b.get("arrearsOutstandingPaise")).longValue();
    if (arrears > 0) {
      left += say(lang, "arrears_left", Money.ofPaise(arrears).format());
    }
    return say(lang, "balance", accountId, money, at == null ? "-" : time((Instant) at), left);
  }

  /** "2" for a prepaid connection; the utility's payment link only when it has one. */
  private String lastRecharge(String lang, String accountId) {
    String payAt = payments.url(accountId).map(u -> say(lang, "recharge_at", u)).orElse("");
    return rows.one(
            "select receipt_number, amount_paise, received_at from ledger_api.payments where account_id = ? "
                + "and status = 'credited' order by received_at desc limit 1",
            accountId)
        .map(
            p ->
                say(
                    lang,
                    "last_recharge",
                    accountId,
                    Money.ofPaise(((Number) p.get("amountPaise")).longValue()).format(),
                    time((Instant) p.get("receivedAt")),
                    p.get("receiptNumber"),
                    payAt))
        .orElseGet(() -> say(lang, "no_recharge", accountId, payAt));
  }

  private String time(Instant t) {
    return TIME.format(t.atZone(zone));
  }
}
