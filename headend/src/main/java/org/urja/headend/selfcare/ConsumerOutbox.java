package org.urja.headend.selfcare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Rows;

/**
 * Self-service messages (OTPs, complaint acknowledgements) through the same transactional outbox
 * and channels as balance alerts, so they are retried, dead-lettered and listed by
 * {@code GET /api/notifications} like every other message. Unlike the ledger's {@code Notifier},
 * it does not refuse postpaid accounts: a postpaid consumer may link an account too.
 */
public final class ConsumerOutbox {
  private final Rows rows;
  private final List<String> channels;

  public ConsumerOutbox(Rows rows, List<String> channels) {
    this.rows = rows;
    this.channels = List.copyOf(channels);
  }

  /** Queues {@code body} for the account's registered phone on every channel; {@code dedupKey} makes a retry harmless. */
  public void send(ConsumerAccount account, String kind, String dedupKey, String body) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("kind", kind);
    payload.put("accountId", account.accountId());
    payload.put("utilityId", account.utilityId());
    payload.put("language", account.language());
    payload.put("recipient", account.phone());
    payload.put("text", body);
    String json;
    try {
      json = JsonExchange.JSON.writeValueAsString(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    for (String channel : channels) {
      rows.update("insert into notification_outbox (account_id, utility_id, kind, language, channel, recipient, "
          + "dedup_key, body, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (dedup_key, channel) do nothing",
          account.accountId(), account.utilityId(), kind, account.language(), channel, account.phone(), dedupKey, body, json);
    }
  }
}
