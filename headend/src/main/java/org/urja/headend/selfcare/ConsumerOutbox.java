package org.urja.headend.selfcare;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.urja.headend.api.Rows;
import org.urja.ledger.alerts.ConsumerMessage;
import org.urja.ledger.alerts.NotificationKind;
import org.urja.ledger.alerts.Notifier;
import org.urja.ledger.alerts.SecretSeal;

/**
 * Self-service messages (OTPs; complaint and outage events) through the same transactional outbox
 * and channels as balance alerts, so they are retried, dead-lettered and listed by {@code GET
 * /api/notifications} like every other message. The outbox is the ledger's, so the rows are written
 * by its {@link Notifier#enqueueConsumerMessage}, which unlike a balance alert does not refuse
 * postpaid accounts: a postpaid consumer may link an account too.
 */
public final class ConsumerOutbox {
  private final Rows rows;
  private final Notifier notifier;
  private final SecretSeal seal;

  public ConsumerOutbox(Rows rows, List<String> channels, SecretSeal seal) {
    this.rows = rows;
    this.notifier = new Notifier(channels);
    this.seal = seal;
  }

  /**
   * Queues {@code body} for the account's registered phone on every channel; {@code dedupKey} makes
   * a retry harmless.
   */
  public void send(ConsumerAccount account, String kind, String dedupKey, String body) {
    insert(account, kind, dedupKey, body, null, null);
  }

  /**
   * Queues a message of the ledger's {@code kind} for an event in the caller's transaction {@code
   * c}, rendered by the ledger's templates in the consumer's language (the language is handed to
   * {@code paramsIn} for the values that depend on it), on every channel, once per {@code
   * dedupKey}. Kinds of one payment mode reach only accounts of that mode.
   */
  public void event(
      Connection c,
      String accountId,
      NotificationKind kind,
      Function<String, Map<String, String>> paramsIn,
      String dedupKey)
      throws SQLException {
    notifier.notify(c, accountId, kind, paramsIn, dedupKey);
  }

  /**
   * Queues a message carrying a secret: {@code body} has {@link SecretSeal#PLACEHOLDER} where the
   * secret goes, and that is all the outbox, the API and the logs ever show; the secret is stored
   * sealed and put in by the dispatcher as it hands the message to the channel. After {@code
   * expiresAt} the message is dead-lettered as expired rather than delivered late.
   */
  public void sendSecret(
      ConsumerAccount account,
      String kind,
      String dedupKey,
      String body,
      String secret,
      Instant expiresAt) {
    if (!body.contains(SecretSeal.PLACEHOLDER)) {
      throw new IllegalArgumentException("a message carrying a secret must show where it goes");
    }
    insert(account, kind, dedupKey, body, seal.seal(secret, dedupKey), expiresAt);
  }

  private void insert(
      ConsumerAccount account,
      String kind,
      String dedupKey,
      String body,
      String sealed,
      Instant expiresAt) {
    ConsumerMessage message =
        new ConsumerMessage(
            account.accountId(),
            account.utilityId(),
            kind,
            account.language(),
            account.phone(),
            dedupKey,
            body,
            sealed,
            expiresAt);
    rows.withConnection(c -> notifier.enqueueConsumerMessage(c, message));
  }
}
