package org.urja.ledger.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each message to the log: for development, audits, and installations without a gateway yet. */
public final class LogChannel implements NotificationChannel {

  private static final Logger LOG = LoggerFactory.getLogger("urja.notifications");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public DeliveryResult deliver(OutboxMessage m) {
    LOG.info("notify account={} kind={} lang={} to={} text={}", m.accountId(), m.kind(), m.language(), m.recipient(),
        m.body());
    return DeliveryResult.delivered();
  }
}
