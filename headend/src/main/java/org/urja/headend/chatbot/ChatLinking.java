package org.urja.headend.chatbot;

import static org.urja.headend.chatbot.ChatTexts.say;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.urja.headend.api.ApiError;
import org.urja.headend.selfcare.MobileRegistration;
import org.urja.headend.selfcare.OtpLinking;
import org.urja.headend.selfcare.SelfService;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.MobileNumber;

/**
 * Menu 1, "Link account", as the seeds' apps do it. WhatsApp has proven the sender's number, so
 * every connection registered with it, in any utility, is listed at once; the consumer picks the
 * one 2, 3, 4 and 5 answer for, or links another: by its consumer number (code to that connection's
 * registered mobile, none when it is this very number) or by another registered mobile (code to
 * that mobile, then all of its connections). The list shown is kept in the conversation, so "2"
 * picks what the consumer saw as 2.
 */
final class ChatLinking {
  private static final String MOBILE = "m:";
  private static final String LIST_SEPARATOR = "\n";
  private final Conversations conversations;
  private final OtpLinking linking;
  private final MobileRegistration mobiles;
  private final AccountRegistry accounts;

  ChatLinking(Conversations conversations, SelfService self, AccountRegistry accounts) {
    this.conversations = conversations;
    this.linking = self.linking();
    this.mobiles = self.mobiles();
    this.accounts = accounts;
  }

  /**
   * "1": the connections on this number and the linked ones, to pick from, or a request to link.
   */
  String start(Conversation c) {
    MobileNumber.parse(c.phone()).ifPresent(m -> mobiles.register(c.subject(), m));
    return list(c, mobiles.connections(c.subject()));
  }

  private String list(Conversation c, List<MobileRegistration.Connection> connections) {
    if (connections.isEmpty()) {
      conversations.save(c.awaiting(Conversation.AWAIT_ACCOUNT, null));
      return say(c.language(), "ask_account");
    }
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < connections.size(); i++) {
      MobileRegistration.Connection k = connections.get(i);
      lines
          .append('\n')
          .append(i + 1)
          .append(' ')
          .append(k.accountId())
          .append(" (")
          .append(k.utilityName())
          .append(", ")
          .append(k.consumerName())
          .append(')');
    }
    conversations.save(
        c.awaiting(
            Conversation.AWAIT_ACCOUNT,
            String.join(
                LIST_SEPARATOR,
                connections.stream().map(MobileRegistration.Connection::accountId).toList())));
    return say(c.language(), "connections", lines.toString());
  }

  /**
   * What the consumer sent after "1": the number of a listed connection, a consumer number or a
   * registered mobile.
   */
  String account(Conversation c, String t) {
    List<String> shown =
        c.pending() == null || c.pending().isBlank()
            ? List.of()
            : Arrays.asList(c.pending().split(LIST_SEPARATOR));
    if (t.matches("\\d{1,2}")) {
      int i = Integer.parseInt(t);
      if (i >= 1 && i <= shown.size()) {
        String chosen = shown.get(i - 1);
        conversations.save(c.linkedTo(chosen));
        return say(c.language(), "chosen", chosen);
      }
    }
    String accountId = t.toUpperCase(Locale.ROOT).replaceAll("\\s+", "");
    Optional<String> registered =
        accounts.find(accountId).map(a -> a.phone() == null ? "" : a.phone().replaceAll("\\D", ""));
    if (registered.isEmpty()) {
      Optional<MobileNumber> mobile = MobileNumber.parse(t);
      if (mobile.isPresent()) {
        MobileRegistration.Challenge ch = mobiles.request(c.subject(), t);
        conversations.save(c.awaiting(Conversation.AWAIT_OTP, MOBILE + mobile.get().digits()));
        return say(c.language(), "otp_sent_mobile", ch.sentTo());
      }
      return say(
          c.language(),
          "error",
          "No account " + accountId + " was found; check the ID on your bill.");
    }
    if (linking.linkedAccounts(c.subject()).contains(accountId)) {
      conversations.save(c.linkedTo(accountId));
      return linked(c, accountId);
    }
    // WhatsApp has already proven this number: when it is the registered one, no code is needed
    if (!registered.get().isEmpty() && registered.get().endsWith(lastTen(c.phone()))) {
      linking.link(c.subject(), accountId);
      conversations.save(c.linkedTo(accountId));
      return linked(c, accountId);
    }
    OtpLinking.Challenge ch = linking.request(c.subject(), accountId);
    conversations.save(c.awaiting(Conversation.AWAIT_OTP, accountId));
    return say(c.language(), "otp_sent", accountId, ch.sentTo());
  }

  /** The code for the account or the mobile the consumer is linking. */
  String otp(Conversation c, String t) {
    boolean mobile = c.pending() != null && c.pending().startsWith(MOBILE);
    if (!t.matches("\\d{6}")) {
      return mobile
          ? say(c.language(), "otp_sent_mobile", "…")
          : say(c.language(), "otp_sent", c.pending(), "…");
    }
    try {
      if (mobile) {
        return list(c, mobiles.verify(c.subject(), c.pending().substring(MOBILE.length()), t));
      }
      linking.verify(c.subject(), c.pending(), t);
    } catch (ApiError e) {
      if ("otp".equals(e.field()) && e.status() == 400) {
        // a mistyped code: the conversation stays on the code (five tries, then it is locked)
        return say(c.language(), "otp_wrong", e.getMessage());
      }
      throw e;
    }
    conversations.save(c.linkedTo(c.pending()));
    return linked(c, c.pending());
  }

  /**
   * The connection 2, 3, 4 and 5 answer for: the one chosen, or the only one linked (one connection
   * needs no choosing).
   */
  Optional<String> current(Conversation c) {
    List<String> linked = linking.linkedAccounts(c.subject());
    if (c.accountId() != null && linked.contains(c.accountId())) {
      return Optional.of(c.accountId());
    }
    return linked.size() == 1 ? Optional.of(linked.get(0)) : Optional.empty();
  }

  /** Why there is no current connection: none linked, or several and none chosen. */
  String needLink(Conversation c) {
    return linking.linkedAccounts(c.subject()).size() > 1
        ? say(c.language(), "need_choice")
        : say(c.language(), "need_link");
  }

  boolean isLinked(Conversation c, String accountId) {
    return linking.linkedAccounts(c.subject()).contains(accountId);
  }

  private String linked(Conversation c, String accountId) {
    boolean postpaid = accounts.find(accountId).map(a -> !a.isPrepaid()).orElse(false);
    return say(c.language(), postpaid ? "linked_postpaid" : "linked", accountId);
  }

  private static String lastTen(String phone) {
    return phone.length() >= 10 ? phone.substring(phone.length() - 10) : phone;
  }
}
