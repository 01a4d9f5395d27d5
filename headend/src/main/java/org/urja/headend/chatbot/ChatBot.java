package org.urja.headend.chatbot;

import static org.urja.headend.chatbot.ChatTexts.say;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Rows;
import org.urja.headend.api.accounts.AccountsApi;
import org.urja.headend.selfcare.ComplaintCategory;
import org.urja.headend.selfcare.Complaints;
import org.urja.headend.selfcare.OtpLinking;
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
  private final OtpLinking linking;
  private final Complaints complaints;
  private final AccountsApi accounts;
  private final Function<String, String> rechargeUrl;
  private final String contact;
  private final ZoneId zone;
  private final ChatBills bills;

  public ChatBot(
      Rows rows,
      OtpLinking linking,
      Complaints complaints,
      AccountsApi accounts,
      Function<String, String> rechargeUrl,
      String contact,
      ZoneId zone,
      ChatBills bills) {
    this.bills = bills;
    this.conversations = new Conversations(rows);
    this.rows = rows;
    this.linking = linking;
    this.complaints = complaints;
    this.accounts = accounts;
    this.rechargeUrl = rechargeUrl;
    this.contact = contact;
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
        return t.equals("2")
            ? bills.latestBill(c.language(), postpaid.get())
            : Reply.text(bills.due(c.language(), postpaid.get()));
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
        case Conversation.AWAIT_ACCOUNT -> account(c, t);
        case Conversation.AWAIT_OTP -> otp(c, t);
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
        conversations.save(c.to(Conversation.AWAIT_ACCOUNT));
        return say(lang, "ask_account");
      }
      case "2" -> {
        return linked(c).map(a -> lastRecharge(lang, a)).orElseGet(() -> say(lang, "need_link"));
      }
      case "3" -> {
        return linked(c).map(a -> balance(lang, a)).orElseGet(() -> say(lang, "need_link"));
      }
      case "4" -> {
        if (linked(c).isEmpty()) {
          return say(lang, "need_link");
        }
        conversations.save(c.to(Conversation.AWAIT_CATEGORY));
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
        if (linked(c).isEmpty()) {
          return say(lang, "need_link");
        }
        conversations.save(c.to(Conversation.AWAIT_COMPLAINT_NUMBER));
        String utility =
            rows.one(
                    "select utility_id from ledger_api.accounts where account_id = ?",
                    c.accountId())
                .map(r -> (String) r.get("utilityId"))
                .orElse("");
        return say(lang, "ask_complaint_number", utility);
      }
      case "6" -> {
        return say(lang, "contact", contact);
      }
      default -> {
        return say(lang, "not_understood");
      }
    }
  }

  private Optional<String> linked(Conversation c) {
    return Optional.ofNullable(c.accountId())
        .filter(a -> linking.linkedAccounts(c.subject()).contains(a));
  }

  private String account(Conversation c, String t) {
    String accountId = t.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    Optional<String> registered =
        rows.one(
                "select regexp_replace(coalesce(phone, ''), '\\D', '', 'g') as digits "
                    + "from ledger_api.accounts where account_id = ?",
                accountId)
            .map(r -> (String) r.get("digits"));
    if (registered.isEmpty()) {
      return say(
          c.language(),
          "error",
          "No account " + accountId + " was found; check the ID on your bill.");
    }
    // WhatsApp has already proven this number: when it is the registered one, no code is needed
    if (!registered.get().isEmpty()
        && registered
            .get()
            .endsWith(
                c.phone().length() >= 10
                    ? c.phone().substring(c.phone().length() - 10)
                    : c.phone())) {
      linking.link(c.subject(), accountId);
      conversations.save(c.linkedTo(accountId));
      return say(
          c.language(), bills.isPostpaid(accountId) ? "linked_postpaid" : "linked", accountId);
    }
    OtpLinking.Challenge ch = linking.request(c.subject(), accountId);
    conversations.save(c.awaiting(Conversation.AWAIT_OTP, accountId));
    return say(c.language(), "otp_sent", accountId, ch.sentTo());
  }

  private String otp(Conversation c, String t) {
    if (!t.matches("\\d{6}")) {
      return say(c.language(), "otp_sent", c.pending(), "…");
    }
    linking.verify(c.subject(), c.pending(), t);
    conversations.save(c.linkedTo(c.pending()));
    return say(
        c.language(), bills.isPostpaid(c.pending()) ? "linked_postpaid" : "linked", c.pending());
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
        complaints
            .find(number)
            .filter(x -> linking.linkedAccounts(c.subject()).contains((String) x.get("accountId")));
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

  private String lastRecharge(String lang, String accountId) {
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
                    rechargeUrl.apply(accountId)))
        .orElseGet(() -> say(lang, "no_recharge", accountId, rechargeUrl.apply(accountId)));
  }

  private String time(Instant t) {
    return TIME.format(t.atZone(zone));
  }
}
