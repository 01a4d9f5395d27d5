package org.urja.ledger.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.urja.ledger.account.Account;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.account.UtilityRegistry;
import org.urja.ledger.account.UtilitySettings;
import org.urja.ledger.db.Json;

/**
 * Writes consumer messages to the notification outbox in the caller's transaction: one row per
 * configured channel, de-duplicated by {@code dedupKey}. This is the gate that keeps prepaid
 * messages away from postpaid consumers (and bill messages away from prepaid ones) when they are
 * queued; the dispatcher checks again when it delivers, for accounts switched in between.
 */
public final class Notifier {

  private final List<String> channels;

  /**
   * @param channels channel names a message is queued for, e.g. {@code ["webhook", "log"]}
   */
  public Notifier(List<String> channels) {
    this.channels = List.copyOf(channels);
  }

  /**
   * Queues a self-service message for every channel, whatever the account's payment mode: a
   * postpaid consumer may link an account or file a complaint too. Unlike {@link #notify}, the body
   * comes rendered. The outbox belongs to the ledger, so other modules write it only here.
   */
  public void enqueueConsumerMessage(Connection c, ConsumerMessage m) throws SQLException {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("kind", m.kind());
    payload.put("accountId", m.accountId());
    payload.put("utilityId", m.utilityId());
    payload.put("language", m.language());
    payload.put("recipient", m.recipient());
    payload.put("text", m.body());
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into notification_outbox (account_id, utility_id, kind, language, channel, recipient, dedup_key, "
                + "body, payload, sealed_secret, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) "
                + "on conflict (dedup_key, channel) do nothing")) {
      for (String channel : channels) {
        ps.setString(1, m.accountId());
        ps.setString(2, m.utilityId());
        ps.setString(3, m.kind());
        ps.setString(4, m.language());
        ps.setString(5, channel);
        ps.setString(6, m.recipient());
        ps.setString(7, m.dedupKey());
        ps.setString(8, m.body());
        ps.setString(9, Json.write(payload));
        ps.setString(10, m.sealedSecret());
        ps.setTimestamp(11, m.expiresAt() == null ? null : Timestamp.from(m.expiresAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Queues the message when the account's payment mode is in the kind's audience (either mode for
   * {@link NotificationKind.Audience#ALL}); returns false (nothing queued) otherwise.
   *
   * @param params template values, already formatted for people (₹ amounts, IST times)
   */
  public boolean notify(
      Connection c,
      Account account,
      NotificationKind kind,
      Map<String, String> params,
      String dedupKey)
      throws SQLException {
    return notify(c, account, kind, language -> params, dedupKey);
  }

  /**
   * As {@link #notify(Connection, Account, NotificationKind, Map, String)}, for an account known by
   * its id (other modules hold no {@link Account}), with template values that depend on the
   * consumer's language (a complaint category, a status): {@code paramsIn} is given {@code "en"} or
   * {@code "hi"}. Returns false, queuing nothing, for an unknown account too.
   */
  public boolean notify(
      Connection c,
      String accountId,
      NotificationKind kind,
      Function<String, Map<String, String>> paramsIn,
      String dedupKey)
      throws SQLException {
    Optional<Account> account = AccountRegistry.find(c, accountId);
    return account.isPresent() && notify(c, account.get(), kind, paramsIn, dedupKey);
  }

  private boolean notify(
      Connection c,
      Account account,
      NotificationKind kind,
      Function<String, Map<String, String>> paramsIn,
      String dedupKey)
      throws SQLException {
    if (!kind.audience().reaches(account.isPrepaid())) {
      return false;
    }
    UtilitySettings settings = UtilityRegistry.settings(c, account.utilityId());
    String language =
        MessageTemplates.languageOrDefault(account.language(), settings.defaultLanguage());
    Map<String, String> all = new LinkedHashMap<>(paramsIn.apply(language));
    all.putIfAbsent("account", account.accountId());
    // the utility's gateway page, for the texts that ask the consumer to pay ({payLinkNote}); no
    // amount: the page asks, as the consumer may pay more than what is due
    settings
        .paymentLink()
        .ifPresent(
            link ->
                all.putIfAbsent(
                    "payLink", link.fill(account.utilityId(), account.accountId(), null)));
    String body = MessageTemplates.render(kind, language, all);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("kind", kind.dbValue());
    payload.put("accountId", account.accountId());
    payload.put("utilityId", account.utilityId());
    payload.put("language", language);
    payload.put("recipient", account.phone());
    payload.put("text", body);
    payload.put("data", all);
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into notification_outbox (account_id, utility_id, kind, language, channel, recipient, dedup_key, "
                + "body, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (dedup_key, channel) do nothing")) {
      for (String channel : channels) {
        ps.setString(1, account.accountId());
        ps.setString(2, account.utilityId());
        ps.setString(3, kind.dbValue());
        ps.setString(4, language);
        ps.setString(5, channel);
        ps.setString(6, account.phone());
        ps.setString(7, dedupKey);
        ps.setString(8, body);
        ps.setString(9, Json.write(payload));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return true;
  }
}
