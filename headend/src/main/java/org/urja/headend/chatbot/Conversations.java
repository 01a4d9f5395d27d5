package org.urja.headend.chatbot;

import java.util.regex.Pattern;
import org.urja.headend.api.Rows;
import org.urja.ledger.alerts.SecretSeal;

/** Conversation state per phone number, and the log of messages in and out. */
final class Conversations {
  private static final Pattern OTP_TYPED = Pattern.compile("\\s*\\d{6}\\s*");
  private final Rows rows;

  Conversations(Rows rows) {
    this.rows = rows;
  }

  Conversation load(String phone) {
    return rows.one(
            "select phone, language, state, account_id, pending->>'value' as pending from chat_conversations "
                + "where phone = ?",
            phone)
        .map(
            r ->
                new Conversation(
                    phone,
                    (String) r.get("language"),
                    (String) r.get("state"),
                    (String) r.get("accountId"),
                    (String) r.get("pending")))
        .orElseGet(
            () -> new Conversation(phone, defaultLanguage(phone), Conversation.MENU, null, null));
  }

  /** A new number speaks the language of the account registered on it, if there is one. */
  private String defaultLanguage(String phone) {
    return rows.one(
            "select language from ledger_api.accounts where regexp_replace(phone, '\\D', '', 'g') = ? "
                + "and language is not null limit 1",
            phone)
        .map(r -> (String) r.get("language"))
        .orElse("en");
  }

  void save(Conversation c) {
    rows.update(
        "insert into chat_conversations (phone, language, state, account_id, pending, updated_at) "
            + "values (?, ?, ?, ?, jsonb_build_object('value', ?::text), now()) on conflict (phone) do update set "
            + "language = excluded.language, state = excluded.state, account_id = excluded.account_id, "
            + "pending = excluded.pending, updated_at = now()",
        c.phone(),
        c.language(),
        c.state(),
        c.accountId(),
        c.pending());
  }

  /**
   * Records an incoming message; false when WhatsApp redelivers one already answered. A message
   * that is just a 6-digit number is a consumer typing an OTP: it is kept as {@code ******}, the
   * code never stored in the clear (the bot answers from the text it was handed, not from here).
   */
  boolean received(String phone, String messageId, String body) {
    String kept = body != null && OTP_TYPED.matcher(body).matches() ? SecretSeal.PLACEHOLDER : body;
    return rows.update(
            "insert into chat_messages (phone, direction, wa_message_id, body, status) "
                + "values (?, 'in', ?, ?, 'received') on conflict (wa_message_id) do nothing",
            phone,
            messageId,
            kept)
        == 1;
  }

  /** Logs a reply about to be sent; returns its row id for {@link #status}. */
  long queued(String phone, String body) {
    return ((Number)
            rows.one(
                    "insert into chat_messages (phone, direction, body, status) values (?, 'out', ?, 'queued') "
                        + "returning id",
                    phone,
                    body)
                .orElseThrow()
                .get("id"))
        .longValue();
  }

  /** The delivery status of a reply: sent, retrying:…, failed:… */
  void status(long replyId, String status) {
    rows.update("update chat_messages set status = ? where id = ?", status, replyId);
  }
}
