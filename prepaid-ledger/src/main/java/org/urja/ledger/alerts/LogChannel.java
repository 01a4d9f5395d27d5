package org.urja.ledger.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the log that a message was sent (id, account, kind, language), without its text or
 * recipient: for development, audits, and installations without a gateway yet. The text is in the
 * outbox ({@code GET /api/notifications}), with any secret in it redacted.
 */
public final class LogChannel implements NotificationChannel {

  private static final Logger LOG = LoggerFactory.getLogger("urja.notifications");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public DeliveryResult deliver(OutboxMessage m) {
    // never the text or the number: a message may carry a secret (an OTP), and logs travel far
    LOG.info(
        "notify id={} account={} kind={} lang={} channel=log",
        m.id(),
        m.accountId(),
        m.kind(),
        m.language());
    return DeliveryResult.delivered();
  }
}
