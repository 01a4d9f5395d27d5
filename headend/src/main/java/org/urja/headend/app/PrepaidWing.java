package org.urja.headend.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.headend.notify.MqttChannelSettings;
import org.urja.headend.notify.MqttNotificationChannel;
import org.urja.headend.prepaid.PrepaidEngine;
import org.urja.headend.prepaid.PrepaidSettings;
import org.urja.ingest.reading.MeterEvent;
import org.urja.ingest.store.BatchWriter;
import org.urja.ledger.account.AccountRegistry;
import org.urja.ledger.alerts.NotificationChannel;
import org.urja.ledger.alerts.SecretSeal;
import org.urja.ledger.db.Transactions;

/**
 * Money: the prepaid engine with its notification channels and jobs, fed by the batch writer with
 * the readings it committed and the payment-mode events meters sent.
 */
final class PrepaidWing {
  private static final Logger log = LoggerFactory.getLogger(PrepaidWing.class);

  /**
   * @param policyEvery how often relay rules are evaluated ({@code prepaid.policy.every})
   * @param billingEvery how often postpaid bills are run ({@code billing.run.every})
   * @param notifyOverMqtt consumer messages also to {@code consumers/{accountId}/notifications}
   * @param sealKey the key OTPs in the outbox are sealed with; none: one generated per database
   */
  record Settings(
      PrepaidSettings engine,
      Duration policyEvery,
      Duration billingEvery,
      Optional<MqttChannelSettings> notifyOverMqtt,
      Optional<String> sealKey) {
    Settings {
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(notifyOverMqtt, "notifyOverMqtt");
      Objects.requireNonNull(sealKey, "sealKey");
      if (policyEvery.compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException(
            "prepaid.policy.every must be positive, got " + policyEvery);
      }
      if (billingEvery.compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException(
            "billing.run.every must be positive, got " + billingEvery);
      }
    }
  }

  private final Settings settings;
  private final Node node;
  private final PrepaidEngine engine;

  private PrepaidWing(
      Settings settings, DataSource dataSource, DataSource relayDataSource, Node node)
      throws Exception {
    this.settings = settings;
    this.node = node;
    List<NotificationChannel> channels = new ArrayList<>();
    if (settings.notifyOverMqtt().isPresent()) {
      channels.add(
          node.started()
              .push(new MqttNotificationChannel(settings.notifyOverMqtt().get()).start()));
    }
    engine =
        node.started()
            .push(
                new PrepaidEngine(
                    dataSource,
                    relayDataSource,
                    settings.engine(),
                    node.registry(),
                    node.clock(),
                    channels));
    engine
        .notifications()
        .sealWith(SecretSeal.configured(settings.sealKey(), new Transactions(dataSource)));
  }

  /**
   * @param relayDataSource the relay lane's pool: relay commands and payments (issue 11)
   */
  static PrepaidWing start(
      Settings settings, DataSource dataSource, DataSource relayDataSource, Node node)
      throws Exception {
    return new PrepaidWing(settings, dataSource, relayDataSource, node);
  }

  /**
   * Charges what {@code writer} commits, applies the mode events meters send, and starts the jobs.
   */
  PrepaidWing feedFrom(BatchWriter writer) {
    writer.addCommitListener(engine.feed()::committed);
    writer.addLiveEventListener(this::eventsStored);
    engine.schedule(
        node.scheduler(), settings.policyEvery(), settings.billingEvery(), node.clock());
    return this;
  }

  /**
   * Events that became new rows as meters sent them, or that an operator released from suspicion: a
   * meter's word that it switched payment mode reaches the ledger, off the caller's thread (the
   * writer's, or an HTTP worker's), since applying it is a ledger transaction.
   */
  void eventsStored(List<MeterEvent> events) {
    node.scheduler().execute(() -> applyModeEvents(events));
  }

  /**
   * The meter's own word that it switched to prepaid (212) or postpaid (211) reaches the ledger.
   */
  private void applyModeEvents(List<MeterEvent> events) {
    for (MeterEvent e : events) {
      if (e.code() == AccountRegistry.EVENT_SWITCHED_TO_PREPAID
          || e.code() == AccountRegistry.EVENT_SWITCHED_TO_POSTPAID) {
        try {
          engine.accounts().applyMeterModeEvent(e.meterSerial(), e.code(), e.timestamp());
        } catch (RuntimeException ex) {
          log.warn(
              "mode event {} of meter {} not applied: {}",
              e.code(),
              e.meterSerial(),
              ex.toString());
        }
      }
    }
  }

  PrepaidEngine engine() {
    return engine;
  }
}
