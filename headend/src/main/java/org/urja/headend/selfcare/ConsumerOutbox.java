package org.urja.headend.selfcare;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Rows;
import org.urja.ledger.alerts.SecretSeal;

/**
 * Self-service messages (OTPs, complaint acknowledgements) through the same transactional outbox
 * and channels as balance alerts, so they are retried, dead-lettered and listed by
 * {@code GET /api/notifications} like every other message. Unlike the ledger's {@code Notifier},
 * it does not refuse postpaid accounts: a postpaid consumer may link an account too.
 */
public final class ConsumerOutbox {
  private final Rows rows;
  private final List<String> channels;
  private final SecretSeal seal;

  public ConsumerOutbox(Rows rows, List<String> channels, SecretSeal seal) {
    this.rows = rows;
    this.channels = List.copyOf(channels);
    this.seal = seal;
  }

  /** Queues {@code body} for the account's registered phone on every channel; {@code dedupKey} makes a retry harmless. */
  public void send(ConsumerAccount account, String kind, String dedupKey, String body) {
    insert(account, kind, dedupKey, body, null, null);
  }

  /**
   * Queues a message carrying a secret: {@code body} has {@link SecretSeal#PLACEHOLDER} where the
   * secret goes, and that is all the outbox, the API and the logs ever show; the secret is stored
   * sealed and put in by the dispatcher as it hands the message to the channel. After
   * {@code expiresAt} the message is dead-lettered as expired rather than delivered late.
   */
  public void sendSecret(ConsumerAccount account, String kind, String dedupKey, String body, String secret,
      Instant expiresAt) {
    if (!body.contains(SecretSeal.PLACEHOLDER)) {
      throw new IllegalArgumentException("a message carrying a secret must show where it goes");
    }
    insert(account, kind, dedupKey, body, seal.seal(secret, dedupKey), expiresAt);
  }

  private void insert(ConsumerAccount account, String kind, String dedupKey, String body, String sealed,
      Instant expiresAt) {
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
          + "dedup_key, body, payload, sealed_secret, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) "
          + "on conflict (dedup_key, channel) do nothing",
          account.accountId(), account.utilityId(), kind, account.language(), channel, account.phone(), dedupKey, body, json,
          sealed, expiresAt);
    }
  }
}
